"""Emails to people who register for events, with an iCalendar (.ics) invite attached."""

from __future__ import annotations

from datetime import UTC

from django.utils import timezone

from campaign.models import EventPage, EventRegistration


def _ics_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _ics_time(value) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """RFC 5545 lines are at most 75 octets; continuation lines start with a space."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 74:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def event_ics(event: EventPage, registration: EventRegistration) -> str:
    location = (
        event.online_url
        if event.is_online
        else ", ".join(p for p in (event.venue_name, event.address, event.postcode) if p)
    )
    url = event.full_url or ""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Care Careers North East//Events//EN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}-registration-{registration.pk}@carecareers",
        f"DTSTAMP:{_ics_time(timezone.now())}",
        f"DTSTART:{_ics_time(event.start)}",
        f"DTEND:{_ics_time(event.end)}",
        f"SUMMARY:{_ics_escape(event.title)}",
        f"DESCRIPTION:{_ics_escape(event.summary + (' ' + url if url else ''))}",
        f"LOCATION:{_ics_escape(location)}",
        f"URL:{url}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def _queue(registration: EventRegistration, template_prefix: str) -> None:
    from cms.email import queue_email

    event = registration.event
    queue_email(
        registration.email,
        template_prefix,
        {"registration": registration, "event": event, "event_url": event.full_url},
        attachments=[(f"{event.slug}.ics", event_ics(event, registration), "text/calendar")],
    )


def send_confirmation_email(registration: EventRegistration) -> None:
    """Queue the 'you're registered' email with the calendar invite (sent after commit)."""
    _queue(registration, "campaign/email/event_confirmation")


def send_reminder_email(registration: EventRegistration) -> None:
    """Queue the reminder sent the day before the event."""
    _queue(registration, "campaign/email/event_reminder")
