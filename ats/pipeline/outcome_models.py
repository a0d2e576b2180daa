"""How applications end: an organisation's own list of reasons for not progressing someone, the
outcome recorded on every "not progressed" move, bulk moves that can be undone before their emails
go, and the notice owed to applicants still open when a vacancy closes or its posts are filled."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from ats.applications.models import Application, ApplicationEvent
from ats.jobs.models import Vacancy
from ats.organisations.models import Organisation
from ats.pipeline.status import Stage


class RejectionReason(models.Model):
    """One reason an organisation gives itself for not progressing an application ("Not enough
    availability"). Editable by the organisation; a reason taken out of use is archived, not
    deleted, so reports of past outcomes keep it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="rejection_reasons")
    label = models.CharField(max_length=120)
    sort_order = models.PositiveSmallIntegerField(default=0)
    archived = models.BooleanField(default=False)

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "label"], name="one_rejection_reason_per_label")
        ]

    def __str__(self) -> str:
        return self.label


class RejectionOutcome(models.Model):
    """Why an application was not progressed: written with the move's event, in the same
    transaction. `reason_label` is the reason's wording at the time (the list can change)."""

    event = models.OneToOneField(ApplicationEvent, on_delete=models.CASCADE, related_name="outcome")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="outcomes")
    reason = models.ForeignKey(
        RejectionReason, null=True, blank=True, on_delete=models.SET_NULL, related_name="outcomes"
    )
    reason_label = models.CharField(max_length=120)
    detail = models.TextField(blank=True)
    from_stage = models.CharField(max_length=12)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.reason_label} ({self.application_id})"


class ClosureNotice(models.Model):
    """A closed or filled vacancy's applicants still open, owed a kind "not this time" by
    `due_at`. The recruiter sees the list first and can hold some back (`held`); whoever is not
    held is told on `due_at` at the latest, or when the recruiter sends it sooner."""

    vacancy = models.OneToOneField(Vacancy, on_delete=models.CASCADE, related_name="closure_notice")
    started_at = models.DateTimeField(auto_now_add=True)
    due_at = models.DateTimeField(db_index=True)
    held = models.ManyToManyField(Application, related_name="+", blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    told = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Closure notice for {self.vacancy_id}"


class BulkAction(models.Model):
    """Several applications moved at once. Their emails wait until `undo_until`; until then the
    person who did it (or a colleague) can undo it: the emails are cancelled and each move is
    reversed, with an event saying so."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="bulk_actions")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    to_stage = models.CharField(max_length=12, choices=Stage.choices)
    closure = models.ForeignKey(
        ClosureNotice, null=True, blank=True, on_delete=models.SET_NULL, related_name="bulk_actions"
    )
    events = models.ManyToManyField(ApplicationEvent, related_name="+", blank=True)
    email_ids = models.JSONField(
        default=list, blank=True, help_text="Outbox emails held back until undo_until"
    )
    message_ids = models.JSONField(default=list, blank=True, help_text="Dashboard copies of those emails")
    created_at = models.DateTimeField(auto_now_add=True)
    undo_until = models.DateTimeField()
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Bulk move to {self.to_stage} ({self.public_id})"
