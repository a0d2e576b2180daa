"""What jobseekers keep on the site: application drafts, saved jobs, consents, equality answers."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from .applications import Application, Enquiry
from .candidates import CV
from .organisations import Organisation
from .vacancies import Vacancy


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
    cv = models.ForeignKey(CV, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
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
    this table; only aggregate reports with small numbers suppressed (ats/services/equality.py)."""

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
    (ats.services.retention). Signing in after `sent_at` cancels it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inactivity_warning"
    )
    sent_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Inactivity warning {self.pk}"
