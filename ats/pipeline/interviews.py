"""Interview slots, invitations, booking and rebooking (with an iCalendar invite), reminders."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from ats.applications.models import Application
from ats.pipeline.messaging import candidate_email, queue_email_at
from ats.pipeline.models import Interview, InterviewSlot
from ats.pipeline.status import OPEN_STAGES
from cms.email import queue_email
from cms.models import OutboxEmail

ACTIVE = (Interview.Status.INVITED, Interview.Status.BOOKED)


class BookingError(Exception):
    """The slot cannot be booked; the message is shown to the candidate."""


def booking_url(interview: Interview) -> str:
    return settings.SITE_URL + reverse("hiring:interview-book", kwargs={"interview": interview.public_id})


def invite_to_interview(
    application: Application, *, send_at: datetime | None = None
) -> tuple[Interview, OutboxEmail | None]:
    """Create (or reuse) the open interview invitation and email the booking link (held until
    `send_at` when given: a bulk move's undo window). Returns the invitation and its email."""
    interview = application.interviews.filter(status__in=ACTIVE).first()
    if interview is None:
        interview = Interview.objects.create(application=application)
    to = candidate_email(application)
    email = None
    if to:
        email = queue_email_at(
            to,
            "emails/recruit/interview_invite",
            {"application": application, "vacancy": application.vacancy, "url": booking_url(interview)},
            send_at=send_at,
        )
    return interview, email


def candidates_open_interviews(candidate) -> list[Interview]:
    """The candidate's interviews still to book or still to come, soonest first (invitations not
    yet booked first of all), for their dashboard. One query."""
    now = timezone.now()
    interviews = (
        Interview.objects.filter(application__candidate=candidate, application__stage__in=OPEN_STAGES)
        .filter(
            Q(status=Interview.Status.INVITED) | Q(status=Interview.Status.BOOKED, slot__starts_at__gt=now)
        )
        .select_related("slot", "application__vacancy__organisation")
    )
    return sorted(interviews, key=lambda i: (i.slot is not None, i.slot.starts_at if i.slot else now))


def available_slots(interview: Interview):
    """Future slots on the interview's vacancy with a place left (the candidate's own always shows)."""
    return (
        InterviewSlot.objects.filter(
            vacancy_id=interview.application.vacancy_id, starts_at__gt=timezone.now()
        )
        .annotate(
            booked=Count(
                "interviews",
                filter=Q(interviews__status=Interview.Status.BOOKED) & ~Q(interviews__pk=interview.pk),
            )
        )
        .order_by("starts_at")
    )


def book_slot(interview: Interview, slot: InterviewSlot) -> Interview:
    """Book or rebook. Locks the slot so two candidates cannot take its last place."""
    with transaction.atomic():
        interview = (
            Interview.objects.select_for_update().select_related("application__vacancy").get(pk=interview.pk)
        )
        if interview.status not in ACTIVE or not interview.application.is_open:
            raise BookingError("This interview invitation is no longer open.")
        slot = InterviewSlot.objects.select_for_update().get(pk=slot.pk)
        if slot.vacancy_id != interview.application.vacancy_id or slot.starts_at <= timezone.now():
            raise BookingError("That time is not available. Choose another.")
        taken = slot.interviews.filter(status=Interview.Status.BOOKED).exclude(pk=interview.pk).count()
        if taken >= slot.capacity:
            raise BookingError("Someone has just booked that time. Choose another.")
        rebooking = interview.slot_id is not None
        interview.slot = slot
        interview.status = Interview.Status.BOOKED
        interview.booked_at = timezone.now()
        interview.reminder_sent_at = None
        if rebooking:
            interview.sequence += 1
        interview.save()
        to = candidate_email(interview.application)
        if to:
            queue_email(
                to,
                "emails/recruit/interview_booked",
                {
                    "interview": interview,
                    "slot": slot,
                    "vacancy": slot.vacancy,
                    "rebooking": rebooking,
                    "url": booking_url(interview),
                },
                attachments=[("interview.ics", ics(interview), "text/calendar; method=REQUEST")],
            )
    return interview


def record_outcome(interview: Interview, status: str) -> Interview:
    if status not in (Interview.Status.ATTENDED, Interview.Status.NO_SHOW):
        raise ValueError(status)
    interview.status = status
    interview.save(update_fields=["status"])
    return interview


def _ics_time(value) -> str:
    return value.astimezone(timezone.UTC).strftime("%Y%m%dT%H%M%SZ")


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics(interview: Interview) -> str:
    """An iCalendar (RFC 5545) invite; rebooking keeps the UID and bumps SEQUENCE."""
    slot = interview.slot
    vacancy = slot.vacancy
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Care Careers North East//Interviews//EN",
        "METHOD:REQUEST",
        "BEGIN:VEVENT",
        f"UID:{interview.public_id}@carecareers",
        f"SEQUENCE:{interview.sequence}",
        f"DTSTAMP:{_ics_time(timezone.now())}",
        f"DTSTART:{_ics_time(slot.starts_at)}",
        f"DTEND:{_ics_time(slot.starts_at + timedelta(minutes=slot.duration_minutes))}",
        f"SUMMARY:{_escape(f'Interview: {vacancy.title} at {vacancy.organisation.name}')}",
        f"LOCATION:{_escape(slot.place)}",
        f"DESCRIPTION:{_escape('Change your time: ' + booking_url(interview))}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"


def send_due_reminders(*, within: timedelta = timedelta(hours=24)) -> int:
    """Email a reminder for every booked interview starting within `within`. Idempotent."""
    now = timezone.now()
    sent = 0
    due = Interview.objects.filter(
        status=Interview.Status.BOOKED,
        reminder_sent_at=None,
        slot__starts_at__gt=now,
        slot__starts_at__lte=now + within,
    ).values_list("pk", flat=True)
    for pk in due:
        with transaction.atomic():
            interview = (
                Interview.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("slot__vacancy__organisation", "application__vacancy")
                .filter(pk=pk, reminder_sent_at=None)
                .first()
            )
            if interview is None:
                continue
            to = candidate_email(interview.application)
            if to:
                queue_email(
                    to,
                    "emails/recruit/interview_reminder",
                    {
                        "interview": interview,
                        "slot": interview.slot,
                        "vacancy": interview.slot.vacancy,
                        "url": booking_url(interview),
                    },
                )
            interview.reminder_sent_at = now
            interview.save(update_fields=["reminder_sent_at"])
            sent += 1
    return sent
