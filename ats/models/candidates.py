"""Candidates: a user's profile and their CVs (private storage, scanned before anyone opens them)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from .places import LocalAuthority
from .vacancies import Role


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
