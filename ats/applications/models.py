"""Applications to vacancies, their append-only event log, and enquiries without a vacancy."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from ats.jobs.models import Role, Vacancy
from ats.organisations.models import Organisation
from ats.pipeline.status import CANDIDATE_WORDING, TERMINAL_STAGES, Stage
from ats.places.models import LocalAuthority


class Application(models.Model):
    """A candidate's application to one vacancy. `snapshot` freezes what they submitted."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="applications")
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
        help_text="Empty once the candidate's personal data has been erased.",
    )
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.APPLIED, db_index=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    screening_at = models.DateTimeField(null=True, blank=True)
    shortlisted_at = models.DateTimeField(null=True, blank=True)
    interview_at = models.DateTimeField(null=True, blank=True)
    offer_at = models.DateTimeField(null=True, blank=True)
    checks_at = models.DateTimeField(null=True, blank=True)
    hired_at = models.DateTimeField(null=True, blank=True)
    rejected_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    snapshot = models.JSONField(default=dict, blank=True, help_text="Profile and answers as submitted")
    cv = models.ForeignKey(
        "ats.CV", null=True, blank=True, on_delete=models.SET_NULL, related_name="applications"
    )
    knockout_flags = models.JSONField(
        default=list, blank=True, help_text="Screening answers that did not fit"
    )
    distance_miles = models.FloatField(null=True, blank=True)
    attribution = models.JSONField(default=dict, blank=True)
    anonymised = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-applied_at"]
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "candidate"], name="one_application_per_vacancy")
        ]
        indexes = [
            models.Index(fields=["vacancy", "stage"]),
            models.Index(fields=["vacancy", "-applied_at"], name="application_pipeline_order"),
        ]

    def __str__(self) -> str:
        return f"Application {self.public_id} to {self.vacancy_id}"

    @property
    def is_open(self) -> bool:
        return self.stage not in TERMINAL_STAGES

    @property
    def candidate_status(self) -> str:
        return CANDIDATE_WORDING[self.stage]


class ApplicationEvent(models.Model):
    """One move through the pipeline. Append-only: never updated or deleted by the application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    from_stage = models.CharField(max_length=12, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=12, choices=Stage.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    email_sent = models.BooleanField(default=False)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_stage or 'new'} → {self.to_stage}"


class Enquiry(models.Model):
    """'I'm interested in care but don't know which job': routed to an academy or employer."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="enquiries"
    )
    name = models.CharField(max_length=150)
    email = models.EmailField()
    phone = models.CharField(max_length=20, blank=True)
    postcode = models.CharField(max_length=8)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    local_authority = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.SET_NULL, related_name="enquiries"
    )
    interests = models.JSONField(default=list, blank=True, help_text="Role slugs and care settings")
    nhs_interest = models.BooleanField(default=False)
    experience = models.CharField(max_length=12, blank=True)
    availability = models.JSONField(default=list, blank=True)
    hours_wanted = models.PositiveSmallIntegerField(null=True, blank=True)
    driving = models.BooleanField(default=False)
    max_travel_miles = models.PositiveSmallIntegerField(default=10)
    over_18 = models.BooleanField(default=False)
    message = models.TextField(blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)
    attribution = models.JSONField(default=dict, blank=True)
    anonymised = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "enquiries"

    def __str__(self) -> str:
        return f"Enquiry from {self.name} ({self.postcode})"


# Candidates: a user's profile and their CVs (private storage, scanned before anyone opens them).
def _private_storage():
    """The CV storage, resolved at run time (cms.storage.PrivateStorage follows STORAGES)."""
    from cms.storage import private_files

    return private_files


def cv_upload_to(instance: CV, filename: str) -> str:
    """A generated name: the original filename is never part of the stored path."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"cvs/{uuid.uuid4().hex}.{extension[:5]}"


class CandidateProfile(models.Model):
    class RightToWork(models.TextChoices):
        YES = "yes", "Yes, I have the right to work in the UK"
        SPONSORSHIP = "sponsorship", "I would need visa sponsorship"

    class Experience(models.TextChoices):
        NONE = "none", "I'm new to care"
        SOME = "some", "Less than a year"
        EXPERIENCED = "experienced", "A year or more"

    class CareCertificate(models.TextChoices):
        NONE = "none", "I don't have it"
        IN_PROGRESS = "in_progress", "I'm working towards it"
        COMPLETED = "completed", "I have it"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="candidate_profile"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    phone = models.CharField(max_length=20, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    local_authority = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.SET_NULL, related_name="candidates"
    )
    over_18 = models.BooleanField(default=False)
    right_to_work = models.CharField(max_length=12, choices=RightToWork.choices, blank=True)
    driving_licence = models.BooleanField(default=False)
    has_car = models.BooleanField(default=False)
    availability = models.JSONField(default=list, blank=True, help_text="days, nights, weekends")
    hours_wanted = models.PositiveSmallIntegerField(null=True, blank=True)
    roles = models.ManyToManyField(Role, blank=True, related_name="interested_candidates")
    care_settings = models.JSONField(default=list, blank=True)
    experience = models.CharField(max_length=12, choices=Experience.choices, blank=True)
    care_certificate = models.CharField(max_length=12, choices=CareCertificate.choices, blank=True)
    qualifications = models.TextField(blank=True)
    personal_statement = models.TextField(blank=True)
    referees = models.JSONField(
        default=list, blank=True, help_text="Two referees: name, relationship, contact"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    @property
    def is_new_to_care(self) -> bool:
        return self.experience in ("", self.Experience.NONE)


class CV(models.Model):
    class ScanStatus(models.TextChoices):
        PENDING = "pending", "Waiting for virus check"
        CLEAN = "clean", "Checked"
        INFECTED = "infected", "Refused: failed the virus check"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cvs")
    file = models.FileField(upload_to=cv_upload_to, storage=_private_storage, max_length=200)
    original_name = models.CharField(max_length=120, help_text="Sanitised display name only")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    scan_status = models.CharField(max_length=10, choices=ScanStatus.choices, default=ScanStatus.PENDING)
    scan_attempts = models.PositiveSmallIntegerField(default=0)
    scanned_at = models.DateTimeField(null=True, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = "CV"

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_available(self) -> bool:
        return self.scan_status == self.ScanStatus.CLEAN


# What jobseekers keep on the site: application drafts, saved jobs, consents, equality answers.
class ApplicationDraft(models.Model):
    """An application in progress: one row per candidate and vacancy, resumed where it was left.

    A guest's draft has only `guest_email` until they follow the emailed link."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="drafts")
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="application_drafts",
    )
    guest_email = models.EmailField(blank=True)
    answers = models.JSONField(default=dict, blank=True, help_text="Answers by step")
    completed_steps = models.JSONField(default=list, blank=True)
    cv = models.ForeignKey("ats.CV", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    attribution = models.JSONField(default=dict, blank=True)
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="draft"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["vacancy", "candidate"],
                condition=models.Q(candidate__isnull=False),
                name="one_draft_per_vacancy",
            )
        ]

    def __str__(self) -> str:
        return f"Draft application to {self.vacancy_id}"


class SavedJob(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_jobs")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "vacancy"], name="save_job_once")]

    def __str__(self) -> str:
        return f"{self.user} saved {self.vacancy_id}"


class ConsentRecord(models.Model):
    """What someone agreed to, in the words they were shown, and when."""

    class Purpose(models.TextChoices):
        APPLICATION = "application", "Share my application with the employer"
        ENQUIRY = "enquiry", "Pass my enquiry to a care academy or employer"
        EQUALITY = "equality", "Use my equality answers for anonymous statistics"
        REFERRAL = "referral", "Let an academy or employer pass my details to another care organisation"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    wording = models.TextField()
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.CASCADE, related_name="consents"
    )
    enquiry = models.ForeignKey(
        Enquiry, null=True, blank=True, on_delete=models.CASCADE, related_name="consents"
    )
    given_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.given_at:%Y-%m-%d})"


PREFER_NOT = ("prefer_not", "Prefer not to say")


class EqualityResponse(models.Model):
    """Optional equality monitoring answers. Kept apart from applications: no recruiter view reads
    this table; only aggregate reports with small numbers suppressed (ats/privacy/equality.py)."""

    class AgeBand(models.TextChoices):
        UNDER_25 = "16-24", "16 to 24"
        B25 = "25-34", "25 to 34"
        B35 = "35-44", "35 to 44"
        B45 = "45-54", "45 to 54"
        B55 = "55-64", "55 to 64"
        OVER_65 = "65+", "65 or over"
        PREFER_NOT_TO_SAY = PREFER_NOT

    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        PREFER_NOT_TO_SAY = PREFER_NOT

    class YesNo(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        PREFER_NOT_TO_SAY = PREFER_NOT

    class Ethnicity(models.TextChoices):
        ASIAN = "asian", "Asian or Asian British"
        BLACK = "black", "Black, Black British, Caribbean or African"
        MIXED = "mixed", "Mixed or multiple ethnic groups"
        WHITE = "white", "White"
        OTHER = "other", "Another ethnic group"
        PREFER_NOT_TO_SAY = PREFER_NOT

    class Religion(models.TextChoices):
        NONE = "none", "No religion"
        CHRISTIAN = "christian", "Christian"
        MUSLIM = "muslim", "Muslim"
        HINDU = "hindu", "Hindu"
        SIKH = "sikh", "Sikh"
        JEWISH = "jewish", "Jewish"
        BUDDHIST = "buddhist", "Buddhist"
        OTHER = "other", "Any other religion"
        PREFER_NOT_TO_SAY = PREFER_NOT

    class Orientation(models.TextChoices):
        STRAIGHT = "straight", "Straight or heterosexual"
        GAY_LESBIAN = "gay_lesbian", "Gay or lesbian"
        BISEXUAL = "bisexual", "Bisexual"
        OTHER = "other", "Another sexual orientation"
        PREFER_NOT_TO_SAY = PREFER_NOT

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="equality_response"
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The employer of the vacancy applied to, for that employer's aggregate report",
    )
    age_band = models.CharField(max_length=12, choices=AgeBand.choices)
    sex = models.CharField(max_length=12, choices=Sex.choices)
    gender_same_as_birth = models.CharField(
        "Is your gender the same as the sex you were registered at birth?",
        max_length=12,
        choices=YesNo.choices,
    )
    ethnicity = models.CharField(max_length=12, choices=Ethnicity.choices)
    disability = models.CharField(
        "Do you consider yourself to have a disability?", max_length=12, choices=YesNo.choices
    )
    religion = models.CharField(max_length=12, choices=Religion.choices)
    sexual_orientation = models.CharField(max_length=12, choices=Orientation.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    REPORTED_FIELDS = (
        "age_band",
        "sex",
        "gender_same_as_birth",
        "ethnicity",
        "disability",
        "religion",
        "sexual_orientation",
    )

    def __str__(self) -> str:
        return f"Equality response {self.pk}"


class InactivityWarning(models.Model):
    """When an account that had not been used for a long time was warned that it will be deleted
    (ats.privacy.retention). Signing in after `sent_at` cancels it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inactivity_warning"
    )
    sent_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Inactivity warning {self.pk}"


# Messages from an organisation to a candidate about an application, kept for their dashboard.
class CandidateMessage(models.Model):
    """A copy of a message emailed to the candidate (ats.pipeline.messaging.send_message), so they
    can read it in their account too. Erased with the application's personal data."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    sent_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
