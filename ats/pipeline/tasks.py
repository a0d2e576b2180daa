"""Celery tasks of the recruiter portal. They take ids (or nothing), are idempotent, call services."""

from __future__ import annotations

from celery import shared_task

from ats.pipeline.interviews import send_due_reminders


@shared_task(name="ats.send_interview_reminders")
def send_interview_reminders() -> int:

    return send_due_reminders()
