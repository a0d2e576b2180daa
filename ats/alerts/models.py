"""Job alerts: a saved search emailed as a digest of new matching jobs."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from ats.jobs.models import Vacancy


class JobAlert(models.Model):
    class Frequency(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="job_alerts"
    )
    email = models.EmailField()
    criteria = models.JSONField(default=dict, help_text="The search, as its cleaned form data")
    description = models.CharField(max_length=300, blank=True, help_text="The search in words")
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    # Place resolved when the alert was made, so matching never looks postcodes up again.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    radius_miles = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["frequency", "last_sent_at"], name="jobalert_due")]

    def __str__(self) -> str:
        return f"{self.email}: {self.description or 'all jobs'} ({self.get_frequency_display()})"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class AlertDelivery(models.Model):
    """One job sent in one alert's digest. The unique constraint means never the same job twice."""

    # No index of its own: the unique constraint's (alert, vacancy) index serves lookups by alert,
    # and one index fewer to write for each of a run's ~1.6 million deliveries.
    alert = models.ForeignKey(JobAlert, on_delete=models.CASCADE, related_name="deliveries", db_index=False)
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "vacancy"], name="one_delivery_per_alert_job")
        ]
        verbose_name_plural = "alert deliveries"

    def __str__(self) -> str:
        return f"{self.alert_id} → {self.vacancy_id}"
