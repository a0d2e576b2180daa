"""Celery tasks for the campaign site. They take ids, are idempotent and call services."""

from __future__ import annotations

from celery import shared_task

from django.db import transaction
from django.utils import timezone

from cms.scheduled_publishing import run_scheduled_publishing


@shared_task
def send_event_reminders() -> int:
    """Daily: remind everyone registered for an event that starts tomorrow. Safe to run twice."""
    from campaign.notifications import send_reminder_email
    from campaign.services.events import registrations_due_reminder

    sent = 0
    for registration in registrations_due_reminder():
        with transaction.atomic():
            fresh = (
                type(registration)
                .objects.select_for_update()
                .filter(pk=registration.pk, reminder_sent_at__isnull=True)
                .select_related("event")
                .first()
            )
            if fresh is None:
                continue
            send_reminder_email(fresh)
            fresh.reminder_sent_at = timezone.now()
            fresh.save(update_fields=["reminder_sent_at"])
            sent += 1
    return sent


@shared_task
def purge_event_registrations() -> dict:
    """Daily: delete registrants' personal data EVENT_REGISTRATION_RETENTION_MONTHS after their event."""
    from dataclasses import asdict

    from campaign.services.events import purge_event_registrations as purge

    return asdict(purge())


@shared_task
def publish_scheduled_pages() -> None:
    """Every minute: publish and unpublish pages whose scheduled time has come (Wagtail's command),
    noting the run for the admin's "next run" line."""
    run_scheduled_publishing()
