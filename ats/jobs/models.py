"""Vacancies, the role taxonomy and the Agenda for Change pay table."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from ats.jobs.fields import SearchVectorColumn
from ats.organisations.models import Location, Organisation
from ats.places.models import LocalAuthority

HOURS_PER_YEAR_FULL_TIME = Decimal("1957.5")  # 37.5 hours x 52.2 weeks, the NHS convention


class Role(models.Model):
    """The job taxonomy shared by vacancies, role profiles, alerts and routing."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.CharField(max_length=255, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class AfcPayPoint(models.Model):
    """One Agenda for Change pay point for one financial year (admins add each April's table)."""

    financial_year = models.CharField(max_length=7, help_text="e.g. 2025/26")
    band = models.CharField(max_length=3, help_text="1-9, or 8a-8d")
    point = models.CharField(max_length=20, help_text="entry, intermediate or top")
    years_in_band_from = models.PositiveSmallIntegerField(default=0)
    annual_salary = models.DecimalField(max_digits=9, decimal_places=2)
    source = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["financial_year", "band", "years_in_band_from"]
        constraints = [
            models.UniqueConstraint(fields=["financial_year", "band", "point"], name="unique_afc_point")
        ]

    def __str__(self) -> str:
        return f"Band {self.band} {self.point} ({self.financial_year}): £{self.annual_salary:,.0f}"

    @property
    def hourly_rate(self) -> Decimal:
        return (self.annual_salary / HOURS_PER_YEAR_FULL_TIME).quantize(Decimal("0.01"))


class AfcUnsocialHours(models.Model):
    """Agenda for Change Section 2 enhancements: percent added to basic hourly pay."""

    band = models.CharField(max_length=3, unique=True)
    nights_and_saturday_pct = models.PositiveSmallIntegerField()
    sunday_and_bank_holiday_pct = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["band"]
        verbose_name = "AfC unsocial hours enhancement"

    def __str__(self) -> str:
        return f"Band {self.band}: +{self.nights_and_saturday_pct}% / +{self.sunday_and_bank_holiday_pct}%"


def packed_facets(fields: list[tuple[str, list]]) -> models.Expression:
    """Each field's position among its values (one past the last for anything else, such as a blank),
    packed as the digits of one number, the first field most significant: a generated column that
    job search groups by instead of the fields themselves (see ADR 0008, `unpack_facets`)."""
    packed = None
    for name, values in fields:
        digit = models.Case(
            *[models.When(**{name: value}, then=models.Value(i)) for i, value in enumerate(values)],
            default=models.Value(len(values)),
        )
        packed = digit if packed is None else packed * models.Value(len(values) + 1) + digit
    return packed


def unpack_facets(code: int, fields: list[tuple[str, list]]) -> dict:
    """packed_facets's number back into {field: value} (a value not listed comes back as None)."""
    unpacked = {}
    for name, values in reversed(fields):
        code, digit = divmod(code, len(values) + 1)
        unpacked[name] = values[digit] if digit < len(values) else None
    return unpacked


class Vacancy(models.Model):
    class Setting(models.TextChoices):
        HOME_CARE = "home_care", "Home care"
        RESIDENTIAL = "residential", "Residential care"
        NURSING = "nursing", "Nursing home"
        SUPPORTED_LIVING = "supported_living", "Supported living"
        DAY_SERVICES = "day_services", "Day services"
        EXTRA_CARE = "extra_care", "Extra care housing"
        REABLEMENT = "reablement", "Reablement and community"
        HOSPITAL = "hospital", "Hospital"

    class Contract(models.TextChoices):
        PERMANENT = "permanent", "Permanent"
        FIXED_TERM = "fixed_term", "Fixed term"
        BANK = "bank", "Bank or relief"
        ZERO_HOURS = "zero_hours", "Zero hours"

    class Pattern(models.TextChoices):
        FULL_TIME = "full_time", "Full time"
        PART_TIME = "part_time", "Part time"
        NIGHTS = "nights", "Nights"
        WEEKENDS = "weekends", "Weekends"
        FLEXIBLE = "flexible", "Flexible"

    class PayPeriod(models.TextChoices):
        HOUR = "hour", "per hour"
        YEAR = "year", "per year"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PENDING = "pending", "Waiting for approval"
        LIVE = "live", "Live"
        CLOSED = "closed", "Closed"
        FILLED = "filled", "Filled"

    class ApplyMethod(models.TextChoices):
        ON_SITE = "on_site", "Apply on this site"
        EXTERNAL = "external", "Apply on the employer's system"

    class Benefit(models.TextChoices):
        NHS_PENSION = "nhs_pension", "NHS pension"
        PENSION = "pension", "Workplace pension"
        NHS_DISCOUNTS = "nhs_discounts", "NHS staff discounts"
        MILEAGE = "mileage", "Mileage paid"
        PAID_TRAINING = "paid_training", "Paid training"
        PAID_DBS = "paid_dbs", "DBS check paid for you"
        UNIFORM = "uniform", "Uniform provided"
        HOLIDAY = "holiday", "Enhanced holiday"
        SICK_PAY = "sick_pay", "Enhanced sick pay"
        CAREER_PROGRESSION = "progression", "Qualifications and career progression"
        WELLBEING = "wellbeing", "Wellbeing support"

    class DbsLevel(models.TextChoices):
        NONE = "none", "No DBS check needed"
        BASIC = "basic", "Basic DBS check"
        STANDARD = "standard", "Standard DBS check"
        ENHANCED = "enhanced", "Enhanced DBS check"
        ENHANCED_BARRED = "enhanced_barred", "Enhanced DBS check with adult barred list"

    class Qualification(models.TextChoices):
        NONE = "none", "No qualifications needed"
        LEVEL_2 = "level_2", "Level 2 Diploma in Care (or willing to work towards it)"
        LEVEL_3 = "level_3", "Level 3 Diploma in Adult Care"
        LEVEL_5 = "level_5", "Level 5 Diploma in Leadership and Management"
        REGISTERED = "registered", "Professional registration (NMC, HCPC or Social Work England)"

    class Experience(models.TextChoices):
        NONE = "none", "No experience needed"
        SOME = "some", "Some experience of care, paid or unpaid"
        ONE_YEAR = "one_year", "At least a year in care"
        SENIOR = "senior", "Experience at senior or leadership level"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="vacancies")
    locations = models.ManyToManyField(Location, blank=True, related_name="vacancies")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    role = models.ForeignKey(Role, null=True, blank=True, on_delete=models.SET_NULL, related_name="vacancies")
    setting = models.CharField(max_length=20, choices=Setting.choices)
    contract = models.CharField(max_length=20, choices=Contract.choices, default=Contract.PERMANENT)
    pattern = models.CharField(max_length=20, choices=Pattern.choices, default=Pattern.FULL_TIME)
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    pay_min = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    pay_max = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    pay_period = models.CharField(max_length=4, choices=PayPeriod.choices, default=PayPeriod.HOUR)
    afc_band = models.CharField(
        "Agenda for Change band",
        max_length=3,
        blank=True,
        help_text="For NHS posts: the band (2-9, 8a-8d). The pay range then comes from the AfC pay table.",
    )
    summary = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    new_to_care_welcome = models.BooleanField(default=False)
    driving_required = models.BooleanField(default=False)
    visa_sponsorship = models.BooleanField(default=False)
    apprenticeship = models.BooleanField(default=False)
    posts = models.PositiveSmallIntegerField(default=1)
    anonymised_shortlisting = models.BooleanField(
        default=False,
        help_text="Hide candidates' names, contact details, age and address until the interview stage.",
    )
    covers_area = models.BooleanField(
        default=False, help_text="Home care and community posts that cover an area rather than one building."
    )
    area_description = models.CharField(
        max_length=200, blank=True, help_text="e.g. 'Hexham, Corbridge and the Tyne Valley'"
    )
    benefits = models.JSONField(default=list, blank=True, help_text="Codes from Vacancy.Benefit")
    own_vehicle_required = models.BooleanField(default=False)
    dbs_level = models.CharField(max_length=20, choices=DbsLevel.choices, default=DbsLevel.ENHANCED_BARRED)
    care_certificate_required = models.BooleanField(
        default=False, help_text="Leave unticked if you will train people new to care."
    )
    qualification = models.CharField(max_length=20, choices=Qualification.choices, default=Qualification.NONE)
    experience = models.CharField(max_length=20, choices=Experience.choices, default=Experience.NONE)
    click_outs = models.PositiveIntegerField(default=0, editable=False)
    # Derived columns kept by ats.jobs.vacancies.refresh_vacancies (search, sort, distance, feeds):
    hourly_pay_min = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True, editable=False
    )
    hourly_pay_max = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True, editable=False
    )
    annual_pay_min = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, editable=False
    )
    annual_pay_max = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, editable=False
    )
    pay_year = models.CharField(max_length=7, blank=True, editable=False, help_text="AfC table year used")
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)
    point_count = models.PositiveSmallIntegerField(
        default=0,
        editable=False,
        help_text="How many points (VacancyPoint) distance is measured from. With one, latitude and"
        " longitude are that point, so search tests it on the job's own row.",
    )
    # A job's second and third points (VacancyPoint, in order; latitude and longitude are the first),
    # so search tests a job with up to three points on its row too, without joining its points.
    latitude_2 = models.FloatField(null=True, blank=True, editable=False)
    longitude_2 = models.FloatField(null=True, blank=True, editable=False)
    latitude_3 = models.FloatField(null=True, blank=True, editable=False)
    longitude_3 = models.FloatField(null=True, blank=True, editable=False)
    ROW_POINTS = [("latitude", "longitude"), ("latitude_2", "longitude_2"), ("latitude_3", "longitude_3")]
    # Job search's facets as two small numbers (generated, so never out of step with the fields).
    # Appending a value to a choice list changes the expression, and so needs a migration.
    FACETS_A = [("setting", Setting.values), ("contract", Contract.values), ("pattern", Pattern.values)]
    FACETS_B = [
        ("organisation_kind", Organisation.Kind.values),
        ("afc_band", [""]),  # no band, or (None) a band
        ("driving_required", [False, True]),
        ("visa_sponsorship", [False, True]),
        ("new_to_care_welcome", [False, True]),
    ]
    facets_a = models.GeneratedField(
        expression=packed_facets(FACETS_A), output_field=models.PositiveSmallIntegerField(), db_persist=True
    )
    facets_b = models.GeneratedField(
        expression=packed_facets(FACETS_B), output_field=models.PositiveSmallIntegerField(), db_persist=True
    )
    local_authority = models.ForeignKey(
        LocalAuthority,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vacancies",
        editable=False,
        help_text="Council of the first location: the 'area' filter and per-area feeds.",
    )
    organisation_kind = models.CharField(
        max_length=20,
        choices=Organisation.Kind.choices,
        blank=True,
        editable=False,
        help_text="The employer's kind, copied so search filters and counts by it without a join.",
    )
    search_text = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorColumn(null=True, editable=False)
    closing_date = models.DateField(null=True, blank=True)
    start_date = models.DateField(null=True, blank=True)
    apply_method = models.CharField(max_length=10, choices=ApplyMethod.choices, default=ApplyMethod.ON_SITE)
    external_url = models.URLField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name_plural = "vacancies"
        indexes = [
            models.Index(fields=["status", "closing_date"]),
            models.Index(fields=["status", "latitude", "longitude"], name="vacancy_live_point"),
            models.Index(fields=["status", "-published_at"], name="vacancy_live_newest"),
            # PostgreSQL also has vacancy_live_pay and vacancy_live_closing (migration 0009, with NULLS
            # LAST, which SQLite indexes cannot say) for the pay and closing-soonest sorts.
        ]

    def __str__(self) -> str:
        return f"{self.title} – {self.organisation}"

    def get_absolute_url(self) -> str:
        """Stable: /jobs/<slug>/ whatever the title later becomes (slugs are never regenerated)."""
        return reverse("jobs:detail", kwargs={"slug": self.slug})

    @property
    def is_afc(self) -> bool:
        return bool(self.afc_band)

    @property
    def works_unsocial_hours(self) -> bool:
        return self.pattern in {self.Pattern.NIGHTS, self.Pattern.WEEKENDS}

    def get_benefit_labels(self) -> list[str]:
        labels = dict(self.Benefit.choices)
        return [labels[code] for code in self.benefits if code in labels]

    @property
    def pay_stated(self) -> bool:
        return self.hourly_pay_min is not None or self.annual_pay_min is not None

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.LIVE and (
            self.closing_date is None or self.closing_date >= timezone.localdate()
        )


class VacancyPoint(models.Model):
    """Derived: each point a vacancy is reached from, kept by refresh_vacancies. One per located site;
    for a post covering an area (home care), the centroid of each council it covers instead. Search
    and alerts use the nearest point, so a multi-site job is as near as its nearest site."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="points", db_index=False)
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        indexes = [
            models.Index(fields=["latitude", "longitude", "vacancy"], name="vacancypoint_box"),
            models.Index(fields=["vacancy", "latitude", "longitude"], name="vacancypoint_vacancy"),
        ]

    def __str__(self) -> str:
        return f"{self.vacancy_id} @ {self.latitude:.4f},{self.longitude:.4f}"


class ScreeningQuestion(models.Model):
    """A question asked when someone applies. A knockout answer screens the application out."""

    class Kind(models.TextChoices):
        YES_NO = "yes_no", "Yes or no"
        CHOICE = "choice", "Choose one"
        TEXT = "text", "Short answer"

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="screening_questions")
    text = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.YES_NO)
    choices = models.JSONField(default=list, blank=True, help_text="For 'choose one': the options")
    knockout_answer = models.CharField(
        max_length=200, blank=True, help_text="An answer that means the person cannot be considered"
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["vacancy", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.text

    def is_knockout(self, answer: str) -> bool:
        return bool(self.knockout_answer) and answer.strip().lower() == self.knockout_answer.strip().lower()


class VacancyImport(models.Model):
    """A CSV of vacancies uploaded in the recruiter portal: an import job. A worker checks every row
    (progress in `rows_done` of `rows`), keeping the problems or a preview; once the person confirms,
    a worker creates every vacancy in one transaction (all or nothing). The file stays here whatever
    happens to the worker, so a failed step can be run again; it is imported at most once."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be checked"
        CHECKING = "checking", "Being checked"
        INVALID = "invalid", "Has problems"
        CHECKED = "checked", "Ready to import"
        IMPORTING = "importing", "Being imported"
        IMPORTED = "imported", "Imported"
        FAILED = "failed", "Stopped by an error"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="vacancy_imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filename = models.CharField(max_length=200)
    content = models.TextField(help_text="The file's text, as uploaded")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows = models.PositiveIntegerField(default=0, help_text="Vacancy rows in the file")
    rows_done = models.PositiveIntegerField(default=0, help_text="Rows checked (or imported) so far")
    problems = models.JSONField(
        default=list, blank=True, help_text="Each problem found: row, field (column) and message"
    )
    preview = models.JSONField(default=list, blank=True, help_text="What each good row will create")
    failure = models.CharField(max_length=300, blank=True, help_text="Why the last step stopped")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    imported_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} for {self.organisation}"

    @property
    def in_progress(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.CHECKING, self.Status.IMPORTING}
