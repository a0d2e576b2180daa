"""Vacancies, the role taxonomy and the Agenda for Change pay table."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils import timezone

from .organisations import Location, Organisation

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
    afc_band = models.CharField("Agenda for Change band", max_length=3, blank=True)
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
        indexes = [models.Index(fields=["status", "closing_date"])]

    def __str__(self) -> str:
        return f"{self.title} – {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", kwargs={"slug": self.slug})

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.LIVE and (
            self.closing_date is None or self.closing_date >= timezone.localdate()
        )
