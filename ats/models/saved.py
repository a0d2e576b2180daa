"""Jobs a signed-in jobseeker saved to come back to."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .vacancies import Vacancy


class SavedJob(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_jobs")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-saved_at"]
        constraints = [models.UniqueConstraint(fields=["user", "vacancy"], name="one_save_per_job")]

    def __str__(self) -> str:
        return f"{self.user} saved {self.vacancy_id}"
