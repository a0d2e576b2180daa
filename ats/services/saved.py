"""Saving jobs to come back to."""

from __future__ import annotations

from ats.models import SavedJob, Vacancy


def toggle_saved_job(user, vacancy: Vacancy) -> bool:
    """Save the job, or forget it if it was saved. Returns True if it is now saved."""
    deleted, _ = SavedJob.objects.filter(user=user, vacancy=vacancy).delete()
    if deleted:
        return False
    SavedJob.objects.get_or_create(user=user, vacancy=vacancy)
    return True
