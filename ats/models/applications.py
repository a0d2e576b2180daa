"""Applications to vacancies, their append-only event log, and enquiries without a vacancy."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from ats.status import CANDIDATE_WORDING, TERMINAL_STAGES, Stage

from .candidates import CV
from .places import LocalAuthority
from .vacancies import Vacancy


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
    cv = models.ForeignKey(CV, null=True, blank=True, on_delete=models.SET_NULL, related_name="applications")
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
        indexes = [models.Index(fields=["vacancy", "stage"])]

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
