"""API keys of employers' systems and the stored answers of idempotent writes (issue 28.1)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ats.organisations.models import Organisation


class ApiKey(models.Model):
    """One organisation's key for its own systems. Only a hash of the secret is kept: the whole key
    is shown once, when it is made. `prefix` (the part before the secret) finds the row and names
    the key on screens and in the audit log. Rotating makes a new key and revokes this one."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100, help_text="What uses it, e.g. 'Our HR system'")
    prefix = models.CharField(max_length=20, unique=True)
    secret_hash = models.CharField(max_length=64, help_text="SHA-256 of the whole key, hex")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )

    class Meta:
        ordering = ["organisation", "-created_at"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class IdempotentRequest(models.Model):
    """A write made with an Idempotency-Key header, and the answer it got: the same key sent again
    by the same organisation gets the same answer without doing the write twice."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="idempotent_requests"
    )
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the method, path and body")
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="one_answer_per_idempotency_key")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.key}"
