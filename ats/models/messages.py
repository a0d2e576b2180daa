"""Messages from an organisation to a candidate about an application, kept for their dashboard."""

from __future__ import annotations

import uuid

from django.db import models

from .applications import Application


class CandidateMessage(models.Model):
    """A copy of a message emailed to the candidate (ats.services.messaging.send_message), so they
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
