"""After a hire: record whether the person started, then ask the employer "still in post?" at 3, 6
and 12 months (an email with signed links that need no sign-in, and a list in the portal).

Figures built on these rows are in ats/insight/figures.py."""

from __future__ import annotations

import calendar
from datetime import date

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from ats.applications.models import Application
from ats.insight.models import TENURE_MONTHS, Start, TenureCheck
from ats.organisations.models import Membership
from ats.pipeline.status import Stage
from cms.email import queue_email

LINK_SALT = "ats.insight.tenure-check"
# A link in a "still in post?" email works for this long (the next question comes 3 to 6 months later).
TOKEN_MAX_AGE = 180 * 24 * 3600
# Who is asked: the organisation's admins and recruiters (viewers and coordinators are not).
ASKED_ROLES = (Membership.Role.ADMIN, Membership.Role.RECRUITER)


class TenureError(Exception):
    """Something that cannot be recorded as given; the message is shown to the user."""


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day (31 August + 6 months = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def record_start(
    application: Application,
    *,
    by,
    started: bool,
    start_date: date | None = None,
    no_start_reason: str = "",
) -> Start:
    """A hired person started on `start_date` (checks are scheduled at 3, 6 and 12 months), or did
    not start, for `no_start_reason`. Recorded once; raises TenureError otherwise."""
    if application.stage != Stage.HIRED:
        raise TenureError("Only a hired candidate's start can be recorded.")
    if started and start_date is None:
        raise TenureError("Enter the date they started.")
    if started and start_date > timezone.localdate():
        raise TenureError("The start date cannot be in the future: record it on or after the day they start.")
    if not started and not no_start_reason:
        raise TenureError("Choose why they did not start.")
    with transaction.atomic():
        Application.objects.select_for_update().get(pk=application.pk)
        if Start.objects.filter(application=application).exists():
            raise TenureError("Their start has already been recorded.")
        start = Start.objects.create(
            application=application,
            outcome=Start.Outcome.STARTED if started else Start.Outcome.DID_NOT_START,
            start_date=start_date if started else None,
            no_start_reason="" if started else no_start_reason,
            recorded_by=by,
        )
        if started:
            TenureCheck.objects.bulk_create(
                TenureCheck(start=start, months=months, due_on=add_months(start_date, months))
                for months in TENURE_MONTHS
            )
    return start


def answer_tenure_check(check: TenureCheck, *, answer: str, left_reason: str = "", by=None) -> TenureCheck:
    """Record the employer's answer. "Left" answers the later checks too; "still in post" answers
    the earlier unanswered ones. An answered check keeps its answer (TenureError)."""
    answer = TenureCheck.Answer(answer)
    if answer == TenureCheck.Answer.LEFT and not left_reason:
        raise TenureError("Choose why they left, or “Not known”.")
    if answer == TenureCheck.Answer.IN_POST:
        left_reason = ""
    now = timezone.now()
    with transaction.atomic():
        locked = TenureCheck.objects.select_for_update().get(pk=check.pk)
        if locked.answer:
            raise TenureError("This has already been answered. Thank you.")
        implied = TenureCheck.objects.filter(start_id=locked.start_id, answer="").exclude(pk=locked.pk)
        if answer == TenureCheck.Answer.LEFT:
            implied = implied.filter(months__gt=locked.months)
        else:
            implied = implied.filter(months__lt=locked.months)
        fields = {"answer": answer, "left_reason": left_reason, "answered_at": now, "answered_by": by}
        implied.update(**fields)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=list(fields))
    return locked


def due_tenure_checks(today: date | None = None) -> QuerySet[TenureCheck]:
    """Unanswered checks whose day has come."""
    today = today or timezone.localdate()
    return TenureCheck.objects.filter(answer="", due_on__lte=today)


def check_token(check: TenureCheck) -> str:
    return signing.dumps(str(check.public_id), salt=LINK_SALT)


def check_from_token(token: str) -> TenureCheck | None:
    """The check a signed link names, or None if the link is altered, expired or unknown."""
    try:
        public_id = signing.loads(token, salt=LINK_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    return (
        TenureCheck.objects.select_related("start__application__vacancy__organisation")
        .filter(public_id=public_id)
        .first()
    )


def person_name(check: TenureCheck) -> str:
    """The hired person's name as the employer knows it (their application), or "your new starter"."""
    return (check.start.application.snapshot or {}).get("name") or "your new starter"


def recipients(organisation) -> list[str]:
    emails = list(
        Membership.objects.filter(organisation=organisation, role__in=ASKED_ROLES, user__is_active=True)
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )
    return emails or ([organisation.email] if organisation.email else [])


def ask_tenure_check(check_id: int, *, today: date | None = None) -> bool:
    """Email the employer one due check's question, once. Returns whether an email was queued."""
    today = today or timezone.localdate()
    with transaction.atomic():
        check = (
            due_tenure_checks(today)
            .filter(pk=check_id, asked_at=None)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("start__application__vacancy__organisation")
            .first()
        )
        if check is None:
            return False
        vacancy = check.start.application.vacancy
        to = recipients(vacancy.organisation)
        check.asked_at = timezone.now()
        check.save(update_fields=["asked_at"])
        if not to:
            return False  # nobody to email: the portal's list still shows it
        url = settings.SITE_URL + reverse("tenure:answer", kwargs={"token": check_token(check)})
        queue_email(
            to,
            "emails/insight/tenure_check",
            {
                "check": check,
                "name": person_name(check),
                "vacancy": vacancy,
                "in_post_url": f"{url}?answer=in_post",
                "left_url": f"{url}?answer=left",
                "portal_url": settings.SITE_URL + reverse("recruit:tenure-due"),
            },
        )
    return True
