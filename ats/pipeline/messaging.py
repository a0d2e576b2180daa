"""Emails from an organisation to a candidate, with per-organisation templates."""

from __future__ import annotations

import re

from ats.applications.models import Application, CandidateMessage
from ats.pipeline.models import MessageTemplate
from cms.email import queue_email

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
    "rejected": (
        "Your application for {job_title}",
        "Dear {first_name},\n\nThank you for your interest in {job_title}. We will not be taking your "
        "application further this time. Please do apply for other roles in care.\n\n{organisation}",
    ),
}


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


def send_message(application: Application, *, subject: str, body: str) -> bool:
    """Queue an email to the candidate. Returns False when there is no address to send to."""
    to = candidate_email(application)
    if not to:
        return False
    subject, body = fill(subject, application), fill(body, application)
    queue_email(
        to,
        "emails/recruit/candidate_message",
        {"subject": subject, "body": body},
        reply_to=application.vacancy.organisation.email,
    )
    if application.candidate_id:  # a copy for the candidate's dashboard
        CandidateMessage.objects.create(application=application, subject=subject[:200], body=body)
    return True


def stage_message(template: MessageTemplate | None, stage: str) -> tuple[str, str] | None:
    if template is not None:
        return template.subject, template.body
    return DEFAULT_STAGE_MESSAGES.get(stage)
