"""References asked for online: one request per referee, answered through a signed link."""

from __future__ import annotations

import uuid

from django.db import models

from ats.applications.models import Application


class ReferenceRequest(models.Model):
    """A referee asked for a reference on an application. The link emailed to them is signed,
    expires (`expires_at`) and works once (`received_at`). `answers` holds the form's answers as
    the referee gave them."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reference_requests")
    number = models.PositiveSmallIntegerField(help_text="1 or 2: which reference check it answers")
    referee_name = models.CharField(max_length=150)
    referee_email = models.EmailField()
    relationship = models.CharField(max_length=150, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    chased_at = models.DateTimeField(null=True, blank=True)
    chases = models.PositiveSmallIntegerField(default=0)
    received_at = models.DateTimeField(null=True, blank=True)
    answers = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="one_reference_request_per_number")
        ]

    def __str__(self) -> str:
        return f"Reference {self.number} for {self.application_id}"
