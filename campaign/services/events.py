"""Event registration: the rules (past, full, already registered) and the emails that follow."""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from campaign.models import EventPage, EventRegistration


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
    event: EventPage, *, name: str, email: str, phone: str = "", attribution: dict | None = None
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
                    event=locked, name=name, email=email.lower(), phone=phone, attribution=attribution or {}
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
