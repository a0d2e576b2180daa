"""Nobody left waiting: when a vacancy closes or all its posts are filled, the applicants still
open are told kindly within settings.CLOSURE_NOTICE_DAYS. The recruiter is emailed the list first
and can hold some back (to keep them for another post); the rest are told when the recruiter
sends it, or automatically when the notice falls due."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ats.applications.models import Application
from ats.jobs.models import Vacancy
from ats.pipeline.bulk import BulkResult, bulk_move
from ats.pipeline.messaging import candidate_email, not_progressed_message, send_message
from ats.pipeline.moves import PipelineError, move_application
from ats.pipeline.outcome_models import ClosureNotice
from ats.pipeline.outcomes import CLOSED_REASON, closed_reason
from ats.pipeline.status import Stage
from cms.email import queue_email

# Applicants in these stages are told; offers and checks in progress are the recruiter's to finish.
NOTICE_STAGES = (Stage.APPLIED, Stage.SCREENING, Stage.SHORTLISTED, Stage.INTERVIEW)
ENDED = (Vacancy.Status.CLOSED, Vacancy.Status.FILLED)


def waiting(vacancy: Vacancy):
    """The vacancy's applications still open and owed a notice, oldest first."""
    return vacancy.applications.filter(stage__in=NOTICE_STAGES).order_by("applied_at", "pk")


def to_tell(notice: ClosureNotice) -> list[Application]:
    held = set(notice.held.values_list("pk", flat=True))
    return [application for application in waiting(notice.vacancy) if application.pk not in held]


def start_closure_notices(now: datetime | None = None) -> int:
    """Open a notice for each closed or filled vacancy with applicants still waiting, due in
    CLOSURE_NOTICE_DAYS, and email the organisation the list to review. Idempotent."""
    now = now or timezone.now()
    vacancies = (
        Vacancy.objects.filter(
            status__in=ENDED, closure_notice__isnull=True, applications__stage__in=NOTICE_STAGES
        )
        .select_related("organisation")
        .distinct()
    )
    started = 0
    for vacancy in vacancies:
        with transaction.atomic():
            notice, created = ClosureNotice.objects.get_or_create(
                vacancy=vacancy, defaults={"due_at": now + timedelta(days=settings.CLOSURE_NOTICE_DAYS)}
            )
            if not created:
                continue
            started += 1
            if vacancy.organisation.email:
                queue_email(
                    vacancy.organisation.email,
                    "emails/recruit/closure_review",
                    {
                        "vacancy": vacancy,
                        "notice": notice,
                        "count": waiting(vacancy).count(),
                        "url": settings.SITE_URL
                        + reverse("recruit:closure", kwargs={"vacancy": vacancy.public_id}),
                    },
                )
    return started


def hold_back(notice: ClosureNotice, held: list[Application], *, by) -> ClosureNotice:
    """Record which of the waiting applicants are not to be told (the others will be)."""
    with transaction.atomic():
        notice.held.set([application for application in held if application.vacancy_id == notice.vacancy_id])
        notice.reviewed_at, notice.reviewed_by = timezone.now(), by
        notice.save(update_fields=["reviewed_at", "reviewed_by"])
    return notice


def tell_now(notice: ClosureNotice, *, by) -> BulkResult:
    """The recruiter sends the notice now: a bulk "not progressed" of everyone not held back, with
    the kind closed-job email, undoable in the usual window."""
    if notice.sent_at is not None:
        raise PipelineError("These applicants have already been told.")
    vacancy = notice.vacancy
    result = bulk_move(
        vacancy,
        [(str(application.public_id), application.stage) for application in to_tell(notice)],
        Stage.REJECTED,
        by=by,
        notify=True,
        reason=closed_reason(vacancy.organisation),
        reason_detail="" if closed_reason(vacancy.organisation) else CLOSED_REASON,
        closure=notice,
    )
    notice.sent_at, notice.told = timezone.now(), len(result.moved)
    notice.save(update_fields=["sent_at", "told"])
    return result


def send_due_notices(now: datetime | None = None) -> int:
    """Tell the applicants of every notice now due (a vacancy opened again drops its notice).
    Returns how many applicants were told. Idempotent: a told applicant is no longer open."""
    now = now or timezone.now()
    told = 0
    for notice in ClosureNotice.objects.filter(sent_at=None, due_at__lte=now).select_related(
        "vacancy__organisation"
    ):
        vacancy = notice.vacancy
        if vacancy.status not in ENDED:
            notice.delete()
            continue
        reason = closed_reason(vacancy.organisation)
        count = 0
        for application in to_tell(notice):
            application.vacancy = vacancy
            with transaction.atomic():
                try:
                    move_application(
                        application,
                        Stage.REJECTED,
                        by=None,
                        expected_stage=application.stage,
                        email_sent=bool(candidate_email(application)),
                        reason=reason,
                        reason_detail="" if reason else CLOSED_REASON,
                        note="Told automatically: the job closed or was filled",
                    )
                except PipelineError:
                    continue  # moved by someone meanwhile
                subject, body = not_progressed_message(application, closed=True)
                send_message(application, subject=subject, body=body, placeholders=False)
            count += 1
        notice.sent_at, notice.told = now, count
        notice.save(update_fields=["sent_at", "told"])
        told += count
    return told
