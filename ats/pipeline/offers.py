"""Conditional offers, the pre-employment checklist, hiring (which fills a post) and withdrawal."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ats.applications.models import Application
from ats.jobs.models import Vacancy
from ats.jobs.vacancies import purge_job_listings
from ats.pipeline import references, turns
from ats.pipeline.messaging import candidate_email
from ats.pipeline.models import CheckEvent, CheckItem, Offer
from ats.pipeline.moves import PipelineError, move_application
from ats.pipeline.status import Stage
from cms.email import queue_email

DEFAULT_CHECK_DAYS = 21
# Criminal record certificates (CRB, then DBS) have been issued since March 2002: an earlier date is
# a typing mistake, not an old certificate.
EARLIEST_CERTIFICATE_DATE = date(2002, 3, 1)
# What a recruiter records about a check, with the words its history uses.
CHECK_FIELDS = {
    "status": "status",
    "due_date": "due date",
    "dbs_level": "DBS level",
    "certificate_number": "certificate number",
    "certificate_date": "certificate date",
    "turn": "whose turn",
    "next_step": "what happens next",
}


class CheckError(PipelineError):
    """A check cannot be recorded as given; the message is shown to the user."""


def certificate_date_problem(value: date | None, *, today: date | None = None) -> str:
    """Why a DBS certificate date cannot be right, or "" if it can."""
    if value is None:
        return ""
    today = today or timezone.localdate()
    if value > today:
        return "The DBS certificate date cannot be in the future: enter the date printed on it."
    if value < EARLIEST_CERTIFICATE_DATE:
        return "The DBS certificate date must be after March 2002: enter the date printed on it."
    return ""


def make_offer(
    application: Application,
    *,
    by,
    expected_stage: str | None,
    start_date: date | None = None,
    conditions: str = "",
    checks_due: date | None = None,
    dbs_level: str = CheckItem.DbsLevel.ENHANCED_BARRED,
) -> Offer:
    """Interview → offer: record the offer, open the checklist with due dates, email the candidate
    (with the link to the criminal-record self-disclosure, asked only now)."""
    due = checks_due or timezone.localdate() + timedelta(days=DEFAULT_CHECK_DAYS)
    with transaction.atomic():
        move_application(application, Stage.OFFER, by=by, expected_stage=expected_stage, email_sent=True)
        Offer.objects.filter(application=application).delete()  # an earlier, withdrawn offer
        offer = Offer.objects.create(
            application=application, made_by=by, start_date=start_date, conditions=conditions
        )
        for kind in CheckItem.Kind:
            CheckItem.objects.update_or_create(
                application=application,
                kind=kind,
                defaults={
                    "due_date": due,
                    "status": CheckItem.Status.OUTSTANDING,
                    "dbs_level": dbs_level if kind == CheckItem.Kind.DBS else "",
                    **turns.first_step(kind),
                },
            )
        references.request_references(application)
        to = candidate_email(application)
        if to:
            queue_email(
                to,
                "emails/recruit/offer",
                {
                    "offer": offer,
                    "vacancy": application.vacancy,
                    "disclosure_url": settings.SITE_URL
                    + reverse("hiring:offer-disclosure", kwargs={"offer": offer.public_id}),
                },
            )
    return offer


def record_disclosure(offer: Offer, *, has_unspent_convictions: bool, details: str) -> Offer:
    if offer.status != Offer.Status.MADE or offer.application.stage not in (Stage.OFFER, Stage.CHECKS):
        raise PipelineError("This offer is no longer open.")
    offer.has_unspent_convictions = has_unspent_convictions
    offer.disclosure_details = details if has_unspent_convictions else ""
    offer.disclosed_at = timezone.now()
    offer.save(update_fields=["has_unspent_convictions", "disclosure_details", "disclosed_at"])
    return offer


def _shown(check: CheckItem, name: str) -> str:
    """A check's field as the application page shows it, frozen into the history."""
    value = getattr(check, name)
    if value in (None, ""):
        return ""
    if name in ("status", "dbs_level", "turn"):
        return getattr(check, f"get_{name}_display")()
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    return str(value)


def update_check(check: CheckItem, *, by, **fields) -> CheckItem:
    """Record a check's status, due date and (for DBS) certificate number, date and outcome, and
    what changed in the application's history. Saving what is already recorded changes nothing:
    not who recorded it, nor when it was done. Raises CheckError for a certificate date that
    cannot be right."""
    for name in fields:
        if name not in CHECK_FIELDS:
            raise ValueError(name)
    if "certificate_date" in fields:
        problem = certificate_date_problem(fields["certificate_date"])
        if problem:
            raise CheckError(problem)
    with transaction.atomic():
        locked = CheckItem.objects.select_for_update().get(pk=check.pk)
        changes, changed = [], set()
        for name, value in fields.items():
            if getattr(locked, name) == value:
                continue
            before = _shown(locked, name)
            setattr(locked, name, value)
            changes.append([CHECK_FIELDS[name], before, _shown(locked, name)])
            changed.add(name)
        if not changes:
            return locked
        if "turn" in changed:
            locked.turn_since = timezone.now()
        if "status" in changed:
            locked.completed_at = timezone.now() if locked.status != CheckItem.Status.OUTSTANDING else None
        locked.updated_by = by
        locked.save()
        CheckEvent.objects.create(check_item=locked, actor=by, changes=changes)
    return locked


def withdraw_offer(application: Application, *, by, expected_stage: str | None, reason: str) -> Offer:
    with transaction.atomic():
        move_application(
            application,
            Stage.REJECTED,
            by=by,
            expected_stage=expected_stage,
            note=f"Offer withdrawn: {reason}",
            email_sent=True,
            reason_detail=f"Offer withdrawn: {reason}",
        )
        offer = Offer.objects.select_for_update().get(application=application)
        offer.status = Offer.Status.WITHDRAWN
        offer.withdrawn_at = timezone.now()
        offer.withdrawal_reason = reason
        offer.save(update_fields=["status", "withdrawn_at", "withdrawal_reason"])
        to = candidate_email(application)
        if to:
            queue_email(
                to, "emails/recruit/offer_withdrawn", {"vacancy": application.vacancy, "reason": reason}
            )
    return offer


def hire_problems(application: Application) -> list[str]:
    """What stands between an application and a hire: an open offer whose criminal-record
    self-disclosure the candidate has answered, every check of the checklist done, and a DBS
    certificate with a number and a believable date."""
    problems = []
    offer = Offer.objects.filter(application=application).first()
    if offer is None or offer.status != Offer.Status.MADE:
        problems.append("There is no open conditional offer for this application.")
    elif offer.disclosed_at is None:
        problems.append(
            "The candidate has not answered the criminal record self-disclosure yet: they answer it "
            "from their offer email or their dashboard."
        )
    checks = {check.kind: check for check in application.checks.all()}
    missing = [
        kind.label.lower() for kind in CheckItem.Kind if kind not in checks or not checks[kind].is_done
    ]
    if missing:
        problems.append(f"These checks are not complete yet: {', '.join(missing)}.")
    dbs = checks.get(CheckItem.Kind.DBS)
    if dbs is not None and dbs.status == CheckItem.Status.SATISFACTORY:
        if not (dbs.certificate_number and dbs.certificate_date):
            problems.append("Record the DBS certificate number and date.")
        elif problem := certificate_date_problem(dbs.certificate_date):
            problems.append(problem)
    return problems


def hire(application: Application, *, by, expected_stage: str | None) -> Application:
    """Checks → hired, only when hire_problems() finds none (else PipelineError, nothing changed).
    Fills a post; the vacancy becomes 'filled' when the last post is filled."""
    with transaction.atomic():
        vacancy = Vacancy.objects.select_for_update().get(pk=application.vacancy_id)
        problems = hire_problems(application)
        if problems:
            raise PipelineError(" ".join(problems))
        move_application(application, Stage.HIRED, by=by, expected_stage=expected_stage, email_sent=True)
        hired = vacancy.applications.filter(stage=Stage.HIRED).count()
        if hired >= vacancy.posts and vacancy.status != Vacancy.Status.FILLED:
            vacancy.status = Vacancy.Status.FILLED
            vacancy.save(update_fields=["status", "updated_at"])
            purge_job_listings()
        to = candidate_email(application)
        if to:
            queue_email(
                to,
                "emails/recruit/hired",
                {"vacancy": vacancy, "offer": Offer.objects.filter(application=application).first()},
            )
    return application
