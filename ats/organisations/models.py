"""Employers (care academies, providers, NHS trusts), their places and their people."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models

from ats.places.models import LocalAuthority

MAX_LOGO_BYTES = 1024 * 1024


def validate_logo_size(file) -> None:
    if file and file.size > MAX_LOGO_BYTES:
        raise ValidationError("The logo must be smaller than 1 MB.")


class Organisation(models.Model):
    class Kind(models.TextChoices):
        ACADEMY = "academy", "Care academy"
        COUNCIL_SERVICE = "council_service", "Council in-house service"
        PROVIDER = "provider", "Independent provider"
        VOLUNTARY = "voluntary", "Voluntary sector"
        NHS_TRUST = "nhs_trust", "NHS trust"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    local_authority = models.ForeignKey(
        LocalAuthority,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text="For a care academy or council service: its council.",
    )
    areas_served = models.ManyToManyField(LocalAuthority, blank=True, related_name="+")
    cqc_provider_id = models.CharField("CQC provider id", max_length=20, blank=True)
    ods_code = models.CharField("NHS ODS code", max_length=10, blank=True)
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    logo = models.ImageField(
        upload_to="logos/",
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg", "webp"]), validate_logo_size],
        help_text="PNG, JPEG or WebP, under 1 MB. Checked to be a real image.",
    )
    verified = models.BooleanField(
        default=False, help_text="Verified organisations publish without approval."
    )
    guaranteed_interview = models.BooleanField(
        "Disability Confident guaranteed interview",
        default=False,
        help_text="Offer an interview to disabled applicants who meet a job's essential criteria "
        "(the Disability Confident scheme). Applicants are asked whether they want to apply under it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority"],
                condition=models.Q(kind="academy"),
                name="one_academy_per_council",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_nhs(self) -> bool:
        return self.kind == self.Kind.NHS_TRUST


class Location(models.Model):
    """A place of work: a care home, an office a home care team works from, a hospital."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=300, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    local_authority = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.SET_NULL, related_name="locations"
    )
    cqc_location_id = models.CharField("CQC location id", max_length=20, blank=True)
    service_types = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["organisation__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.postcode})" if self.postcode else self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", "Organisation admin"
        RECRUITER = "recruiter", "Recruiter"
        VIEWER = "viewer", "Viewer"
        COORDINATOR = "coordinator", "Academy coordinator"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.RECRUITER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"
