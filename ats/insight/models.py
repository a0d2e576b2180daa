"""What happened after a hire: whether the person started (and if not, why), and the employer's
answers to "still in post?" at 3, 6 and 12 months. Choices only, no free text: these rows feed
aggregate figures and identify no one on their own."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from ats.applications.models import Application
from ats.places.models import LocalAuthority

# Months after the start date at which the employer is asked whether the person is still in post.
TENURE_MONTHS = (3, 6, 12)


class Start(models.Model):
    """Whether a hired person started work, on what date, or why they did not."""

    class Outcome(models.TextChoices):
        STARTED = "started", "Started work"
        DID_NOT_START = "did_not_start", "Did not start"

    class NoStartReason(models.TextChoices):
        ANOTHER_JOB = "another_job", "Took another job"
        PAY_HOURS = "pay_hours", "Pay, hours or travel did not suit them"
        PERSONAL = "personal", "Personal or family reasons"
        STOPPED_REPLYING = "stopped_replying", "Stopped replying"
        WE_WITHDREW = "we_withdrew", "We withdrew the job"
        OTHER = "other", "Another reason"

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="start")
    outcome = models.CharField(max_length=15, choices=Outcome.choices)
    start_date = models.DateField(null=True, blank=True)
    no_start_reason = models.CharField(max_length=20, choices=NoStartReason.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["outcome", "start_date"])]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.application_id})"


class TenureCheck(models.Model):
    """'Is this person still in post?', asked of the employer `months` after the start date.

    An answer fills the checks it implies: "left" at 6 months answers 12 months the same way, and
    "still in post" at 6 months answers an unanswered 3 months the same way."""

    class Answer(models.TextChoices):
        IN_POST = "in_post", "Still in post"
        LEFT = "left", "Has left"

    class LeftReason(models.TextChoices):
        PAY = "pay", "Pay"
        HOURS = "hours", "Hours or shift patterns"
        TRAVEL = "travel", "Travel"
        WORKLOAD = "workload", "Workload or stress"
        OTHER_CARE_JOB = "other_care_job", "Moved to another care job"
        LEFT_CARE = "left_care", "Left care work altogether"
        DISMISSED = "dismissed", "Dismissed or did not pass probation"
        PERSONAL = "personal", "Personal or family reasons"
        NOT_KNOWN = "not_known", "Not known"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    start = models.ForeignKey(Start, on_delete=models.CASCADE, related_name="tenure_checks")
    months = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    asked_at = models.DateTimeField(null=True, blank=True, help_text="When the employer was emailed")
    answer = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    left_reason = models.CharField(max_length=20, choices=LeftReason.choices, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["start", "months"], name="one_tenure_check_per_month")]
        indexes = [models.Index(fields=["answer", "due_on"], name="tenure_check_due")]

    def __str__(self) -> str:
        return f"In post at {self.months} months? ({self.start_id})"


class Commissioner(models.Model):
    """A council's commissioner: reads the aggregate figures of their council, beside the region's
    (/recruit/insight/councils/), and nothing about any person or any organisation's pipeline."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="commissioner_roles"
    )
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="commissioners"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "local_authority"], name="one_commissioner_role_per_council"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – commissioner, {self.local_authority}"
