"""References online. At offer (or sooner, when the employer asks) each referee with an email
address gets a signed link to a short form: no account, single use, expiring. Referees who have
not answered are chased; the candidate is told when each reference arrives, and asked for
referees when the application has none."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ats.applications.models import Application
from ats.pipeline import turns
from ats.pipeline.messaging import candidate_email
from ats.pipeline.models import CheckEvent, CheckItem
from ats.pipeline.moves import PipelineError
from ats.pipeline.reference_models import ReferenceRequest
from ats.pipeline.status import OPEN_STAGES
from cms.email import queue_email

SALT = "ats.reference"
LINK_DAYS = 21  # a link works this long
CHASE_AFTER_DAYS = 3  # a referee who has not answered is reminded this often...
MAX_CHASES = 2  # ...this many times
REFERENCE_CHECKS = {1: CheckItem.Kind.REFERENCE_1, 2: CheckItem.Kind.REFERENCE_2}


def is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def referees_of(application: Application) -> list[dict]:
    """The referees the candidate gave with an email address: {name, relationship, email}."""
    found = []
    for referee in (application.snapshot or {}).get("referees") or []:
        contact = (referee.get("contact") or referee.get("email") or "").strip()
        if referee.get("name") and is_email(contact):
            found.append(
                {"name": referee["name"], "relationship": referee.get("relationship", ""), "email": contact}
            )
    return found


def reference_url(request: ReferenceRequest) -> str:
    token = signing.dumps(str(request.public_id), salt=SALT)
    return settings.SITE_URL + reverse("hiring:reference", kwargs={"token": token})


def referees_url(application: Application) -> str:
    return settings.SITE_URL + reverse("hiring:referees", kwargs={"application": application.public_id})


def _email_referee(request: ReferenceRequest, *, reminder: bool = False) -> None:
    application = request.application
    queue_email(
        request.referee_email,
        "emails/recruit/reference_request",
        {
            "request": request,
            "candidate_name": (application.snapshot or {}).get("name", "the candidate"),
            "vacancy": application.vacancy,
            "url": reference_url(request),
            "reminder": reminder,
        },
        reply_to=application.vacancy.organisation.email,
    )


def request_references(
    application: Application, *, referees: list[dict] | None = None
) -> list[ReferenceRequest]:
    """Ask each referee (up to two) not yet asked. With no referees to ask, the candidate is
    emailed a link to give them. Returns the requests sent now."""
    referees = referees_of(application) if referees is None else referees
    asked = set(application.reference_requests.values_list("number", flat=True))
    if not referees and not asked:
        to = candidate_email(application)
        if to:
            queue_email(
                to,
                "emails/recruit/referees_needed",
                {"vacancy": application.vacancy, "url": referees_url(application)},
            )
        return []
    sent = []
    free = [number for number in REFERENCE_CHECKS if number not in asked]
    for number, referee in zip(free, referees, strict=False):
        request = ReferenceRequest.objects.create(
            application=application,
            number=number,
            referee_name=referee["name"],
            referee_email=referee["email"],
            relationship=referee.get("relationship", ""),
            expires_at=timezone.now() + timedelta(days=LINK_DAYS),
        )
        _email_referee(request)
        check = CheckItem.objects.filter(application=application, kind=REFERENCE_CHECKS[number]).first()
        if check is not None:
            turns.set_turn(check, CheckItem.Turn.REFEREE, turns.REFEREE_ASKED)
        sent.append(request)
    return sent


def request_for_token(token: str) -> ReferenceRequest | None:
    """The request a link names, if its signature is good and it is not past its lifetime."""
    try:
        public_id = signing.loads(token, salt=SALT, max_age=timedelta(days=LINK_DAYS))
    except signing.BadSignature:
        return None
    return (
        ReferenceRequest.objects.select_related("application__vacancy__organisation")
        .filter(public_id=public_id)
        .first()
    )


def link_problem(request: ReferenceRequest) -> str:
    """Why the referee cannot use the form now, or ""."""
    if request.received_at is not None:
        return "Thank you: this reference has already been sent. The link works only once."
    if timezone.now() >= request.expires_at:
        return "This link has expired. If you would still like to give a reference, reply to the email it came in."
    if request.application.stage not in OPEN_STAGES:
        return "This reference is no longer needed: the application has closed. Thank you."
    return ""


def submit_reference(request: ReferenceRequest, answers: list[list[str]]) -> ReferenceRequest:
    """Record the referee's answers ([label, answer] in the form's order), note it in the
    reference check's history, and tell the candidate it arrived. Raises PipelineError if the
    link cannot be used (already used, expired, closed)."""
    with transaction.atomic():
        locked = (
            ReferenceRequest.objects.select_for_update()
            .select_related("application__vacancy")
            .get(pk=request.pk)
        )
        problem = link_problem(locked)
        if problem:
            raise PipelineError(problem)
        locked.answers = {"rows": answers}
        locked.received_at = timezone.now()
        locked.save(update_fields=["answers", "received_at"])
        check = CheckItem.objects.filter(
            application=locked.application, kind=REFERENCE_CHECKS[locked.number]
        ).first()
        if check is not None:
            CheckEvent.objects.create(
                check_item=check,
                actor=None,
                changes=[["reference", "", f"received from {locked.referee_name}"]],
            )
            turns.set_turn(check, CheckItem.Turn.EMPLOYER, turns.REFERENCE_ARRIVED)
        to = candidate_email(locked.application)
        if to:
            queue_email(
                to,
                "emails/recruit/reference_received",
                {"request": locked, "vacancy": locked.application.vacancy},
            )
    return locked


def chase_references(now: datetime | None = None) -> int:
    """Remind referees who have not answered, every CHASE_AFTER_DAYS, at most MAX_CHASES times,
    while the link and the application are open. Idempotent within a day. Returns how many."""
    now = now or timezone.now()
    due = now - timedelta(days=CHASE_AFTER_DAYS)
    chased = 0
    for request in ReferenceRequest.objects.filter(
        received_at=None, expires_at__gt=now, chases__lt=MAX_CHASES, application__stage__in=OPEN_STAGES
    ).select_related("application__vacancy__organisation"):
        if (request.chased_at or request.sent_at) > due:
            continue
        with transaction.atomic():
            request.chases += 1
            request.chased_at = now
            request.save(update_fields=["chases", "chased_at"])
            _email_referee(request, reminder=True)
        chased += 1
    return chased
