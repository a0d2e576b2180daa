"""Event registration: the rules (past, full, already registered) and the emails that follow."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from campaign.models import EventPage, EventRegistration

logger = logging.getLogger(__name__)


class RegistrationRefused(Exception):
    """The registration cannot be taken; the message is shown to the visitor as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


PAST_MESSAGE = "This event has already taken place, so you cannot register for it."
FULL_MESSAGE = "This event is full, so you cannot register for it. Look at our other events."
DUPLICATE_MESSAGE = "You have already registered for this event with that email address."


def refusal_reason(event: EventPage) -> str | None:
    if event.is_past:
        return PAST_MESSAGE
    if event.is_full():
        return FULL_MESSAGE
    return None


def register_for_event(
    event: EventPage,
    *,
    name: str,
    email: str,
    phone: str = "",
    access_needs: str = "",
    attribution: dict | None = None,
) -> EventRegistration:
    """Store a registration and send the calendar invite once the transaction commits."""
    from campaign.notifications import send_confirmation_email

    with transaction.atomic():
        locked = EventPage.objects.select_for_update().get(pk=event.pk)
        reason = refusal_reason(locked)
        if reason:
            raise RegistrationRefused(reason)
        if locked.registrations.filter(email__iexact=email).exists():
            raise RegistrationRefused(DUPLICATE_MESSAGE)
        try:
            with transaction.atomic():
                registration = EventRegistration.objects.create(
                    event=locked,
                    name=name,
                    email=email.lower(),
                    phone=phone,
                    access_needs=access_needs,
                    attribution=attribution or {},
                )
        except IntegrityError as exc:
            raise RegistrationRefused(DUPLICATE_MESSAGE) from exc
        send_confirmation_email(registration)  # outbox row in this transaction, sent after commit
        registration.confirmation_sent_at = timezone.now()
        registration.save(update_fields=["confirmation_sent_at"])
    return registration


def registrations_due_reminder(now=None):
    """Registrations for events starting tomorrow (local date) that have had no reminder yet."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    return EventRegistration.objects.filter(
        reminder_sent_at__isnull=True, event__start__date=tomorrow, event__live=True
    ).select_related("event")


EVENT_EMAIL_TEMPLATES = ("campaign/email/event_confirmation", "campaign/email/event_reminder")


@dataclass
class PurgeResult:
    registrations: int = 0
    events: int = 0
    emails: int = 0


def registration_retention_cutoff(now: datetime | None = None) -> datetime:
    """Events that ended before this have had their registrants' data kept long enough."""
    return (now or timezone.now()) - relativedelta(months=settings.EVENT_REGISTRATION_RETENTION_MONTHS)


def purge_event_registrations(now: datetime | None = None) -> PurgeResult:
    """Delete the registrations (name, email, phone, attribution) of events that ended
    EVENT_REGISTRATION_RETENTION_MONTHS ago or more, and the invites and reminders sent to them that
    the outbox keeps, as the privacy notice promises. Logs what it deleted, per event. Safe to run twice."""
    from cms.models import OutboxEmail

    cutoff = registration_retention_cutoff(now)
    result = PurgeResult()
    due_events = (
        EventPage.objects.filter(end__lt=cutoff, registrations__isnull=False)
        .distinct()
        .order_by("end", "pk")
        .values_list("pk", "title", "end")
    )
    for event_id, title, end in due_events:
        with transaction.atomic():
            registrations = EventRegistration.objects.filter(event_id=event_id)
            emails = set(registrations.values_list("email", flat=True))
            invite_uid = f"UID:event-{event_id}-registration-"  # this event's, not the person's others
            outbox_ids = [
                pk
                for pk, to, attachments in OutboxEmail.objects.filter(
                    template__in=EVENT_EMAIL_TEMPLATES
                ).values_list("pk", "to", "attachments")
                if set(to or []) <= emails and any(invite_uid in str(a) for a in attachments or [])
            ]
            deleted_emails, _ = OutboxEmail.objects.filter(pk__in=outbox_ids).delete()
            deleted, _ = registrations.delete()
        result.events += 1
        result.registrations += deleted
        result.emails += deleted_emails
        logger.info(
            "Event retention: deleted %s registrations and %s emails of event %s (%s, ended %s)",
            deleted,
            deleted_emails,
            event_id,
            title,
            end.date().isoformat(),
        )
    logger.info(
        "Event retention run (events ended before %s, %s months): %s registrations of %s events deleted",
        cutoff.date().isoformat(),
        settings.EVENT_REGISTRATION_RETENTION_MONTHS,
        result.registrations,
        result.events,
    )
    return result
