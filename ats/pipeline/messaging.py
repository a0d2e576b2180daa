"""Emails from an organisation to a candidate, with per-organisation templates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from ats.applications.models import Application, CandidateMessage
from ats.pipeline.models import MessageTemplate
from cms.email import build_email, queue_email, render_email
from cms.models import OutboxEmail

PLACEHOLDER = re.compile(r"\{(first_name|job_title|organisation)\}")

# Built-in wording used when an organisation has no template of its own for a bulk move.
DEFAULT_STAGE_MESSAGES: dict[str, tuple[str, str]] = {
    "screening": (
        "Your application for {job_title}",
        "Dear {first_name},\n\nThank you for applying for {job_title}. We are reading your application "
        "and will be in touch soon.\n\n{organisation}",
    ),
    "shortlisted": (
        "You have been shortlisted: {job_title}",
        "Dear {first_name},\n\nGood news: you have been shortlisted for {job_title}. We will contact you "
        "about an interview.\n\n{organisation}",
    ),
}
# "Not progressed" without an organisation template of its own: a kind email in a Django template.
NOT_PROGRESSED_EMAIL = "emails/recruit/not_progressed"


@dataclass
class Sent:
    """An email queued to a candidate and its copy on their dashboard (if they have an account)."""

    email: OutboxEmail
    copy: CandidateMessage | None


def candidate_email(application: Application) -> str:
    return (application.snapshot or {}).get("email") or (
        application.candidate.email if application.candidate else ""
    )


def fill(text: str, application: Application) -> str:
    name = (application.snapshot or {}).get("name", "")
    values = {
        "first_name": name.split(" ")[0] if name else "there",
        "job_title": application.vacancy.title,
        "organisation": application.vacancy.organisation.name,
    }
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def queue_email_at(to: str, template_prefix: str, context: dict, *, send_at: datetime | None, **options):
    """Queue an email now, or hold it in the outbox until `send_at` (the outbox sweep sends it
    then; deleting the row before then cancels it)."""
    if send_at is None:
        return queue_email(to, template_prefix, context, **options)
    email = build_email(to, template_prefix, context, **options)
    email.next_attempt_at = send_at
    email.save()
    return email


def send_message(
    application: Application,
    *,
    subject: str,
    body: str,
    send_at: datetime | None = None,
    placeholders: bool = True,
) -> Sent | None:
    """Queue an email to the candidate (held until `send_at` if given). Returns None when there is
    no address to send to. `placeholders`: fill {first_name} and friends in the text."""
    to = candidate_email(application)
    if not to:
        return None
    if placeholders:
        subject, body = fill(subject, application), fill(body, application)
    email = queue_email_at(
        to,
        "emails/recruit/candidate_message",
        {"subject": subject, "body": body},
        send_at=send_at,
        reply_to=application.vacancy.organisation.email,
    )
    copy = None
    if application.candidate_id:  # a copy for the candidate's dashboard
        copy = CandidateMessage.objects.create(application=application, subject=subject[:200], body=body)
    return Sent(email, copy)


def not_progressed_message(application: Application, *, closed: bool = False) -> tuple[str, str]:
    """The standard kind "not this time" (subject, text), from its Django templates."""
    name = (application.snapshot or {}).get("name", "")
    subject, text, _ = render_email(
        NOT_PROGRESSED_EMAIL,
        {
            "first_name": name.split(" ")[0] if name else "",
            "vacancy": application.vacancy,
            "organisation": application.vacancy.organisation,
            "closed": closed,
        },
    )
    return subject, text


def stage_message(template: MessageTemplate | None, stage: str) -> tuple[str, str] | None:
    if template is not None:
        return template.subject, template.body
    return DEFAULT_STAGE_MESSAGES.get(stage)
