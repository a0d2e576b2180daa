"""Celery tasks of the recruiter portal. They take ids (or nothing), are idempotent, call services."""

from __future__ import annotations

from celery import shared_task

from ats.pipeline import references
from ats.pipeline.closures import send_due_notices, start_closure_notices
from ats.pipeline.interviews import send_due_reminders


@shared_task(name="ats.send_interview_reminders")
def send_interview_reminders() -> int:

    return send_due_reminders()


@shared_task(name="ats.send_closure_notices")
def send_closure_notices() -> int:
    """Open notices for vacancies just closed or filled; tell the applicants of those now due."""
    start_closure_notices()
    return send_due_notices()


@shared_task(name="ats.chase_references")
def chase_references() -> int:
    """Remind referees who have not answered yet."""
    return references.chase_references()
