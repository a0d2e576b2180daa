"""Conditional offers, the pre-employment checklist, hiring (which fills a post) and withdrawal."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ats.models import Application, CheckItem, Offer, Vacancy
from ats.services.messaging import candidate_email
from ats.services.pipeline import PipelineError, move_application
from ats.status import Stage
from cms.email import queue_email

DEFAULT_CHECK_DAYS = 21


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
                },
            )
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


def update_check(check: CheckItem, *, by, **fields) -> CheckItem:
    """Record a check's status, due date and (for DBS) certificate number, date and outcome.
    Saving what is already recorded changes nothing: not who recorded it, nor when it was done."""
    allowed = {"status", "due_date", "dbs_level", "certificate_number", "certificate_date"}
    changed = []
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(name)
        if getattr(check, name) != value:
            changed.append(name)
            setattr(check, name, value)
    if not changed:
        return check
    if "status" in changed:
        check.completed_at = timezone.now() if check.status != CheckItem.Status.OUTSTANDING else None
    check.updated_by = by
    check.save()
    return check


def withdraw_offer(application: Application, *, by, expected_stage: str | None, reason: str) -> Offer:
    with transaction.atomic():
        move_application(
            application,
            Stage.REJECTED,
            by=by,
            expected_stage=expected_stage,
            note=f"Offer withdrawn: {reason}",
            email_sent=True,
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


def outstanding_checks(application: Application) -> list[CheckItem]:
    return [check for check in application.checks.all() if not check.is_done]


def hire(application: Application, *, by, expected_stage: str | None) -> Application:
    """Checks → hired, only when every check is done. Fills a post; the vacancy becomes 'filled'
    when the last post is filled."""
    with transaction.atomic():
        vacancy = Vacancy.objects.select_for_update().get(pk=application.vacancy_id)
        missing = outstanding_checks(application)
        if missing:
            names = ", ".join(check.get_kind_display().lower() for check in missing)
            raise PipelineError(f"These checks are not complete yet: {names}.")
        move_application(application, Stage.HIRED, by=by, expected_stage=expected_stage, email_sent=True)
        hired = vacancy.applications.filter(stage=Stage.HIRED).count()
        if hired >= vacancy.posts and vacancy.status != Vacancy.Status.FILLED:
            vacancy.status = Vacancy.Status.FILLED
            vacancy.save(update_fields=["status", "updated_at"])
        to = candidate_email(application)
        if to:
            queue_email(
                to,
                "emails/recruit/hired",
                {"vacancy": vacancy, "offer": Offer.objects.filter(application=application).first()},
            )
    return application
