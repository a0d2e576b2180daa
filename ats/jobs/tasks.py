"""Celery tasks for vacancies and alerts. Each takes ids, is idempotent and calls a service."""

from __future__ import annotations

import datetime
import logging
import uuid

from celery import shared_task

from django.utils import timezone

from ats.alerts import digests, matching
from ats.jobs import imports as import_service
from ats.jobs import vacancies as vacancy_service

logger = logging.getLogger(__name__)


@shared_task(name="ats.expire_vacancies")
def expire_vacancies() -> int:
    """Nightly: close live vacancies past their closing date."""
    return vacancy_service.expire_vacancies()


@shared_task(name="ats.send_job_alerts")
def send_job_alerts() -> int:
    """Beat: find the alerts that are due and enqueue one task per batch of them. The batches share
    the run's time (jobs published up to it are new; later ones wait for the next run) and its id
    (so a worker loads the run's new jobs once for all the batches it takes)."""
    now = timezone.now()
    ids = matching.due_alert_ids(now)
    run = uuid.uuid4().hex
    batches = 0
    for batch in matching.batched(ids):
        send_job_alert_batch.delay(batch, now.isoformat(), run)
        batches += 1
    return batches


@shared_task(name="ats.send_job_alert_batch", acks_late=True)
def send_job_alert_batch(alert_ids: list[int], now: str | None = None, run: str | None = None) -> int:
    at = datetime.datetime.fromisoformat(now) if now else None
    return digests.send_alert_batch(alert_ids, at, run=run)


@shared_task(name="ats.refresh_vacancies")
def refresh_vacancies(vacancy_ids: list[int]) -> int:
    return vacancy_service.refresh_vacancies(vacancy_ids)


IMPORT_RETRIES = 3


def _import_step(task, step, import_id: int):
    """Run a step of an import job; on a worker, retry with backoff. Then mark the job stopped (the
    file is kept, so the person can try again from its page). A lost worker's task is redelivered
    (acks_late) and the step runs again."""
    try:
        return step(import_id)
    except Exception as exc:
        if not task.request.is_eager and task.request.retries < IMPORT_RETRIES:  # eager: no worker to retry
            raise task.retry(exc=exc, countdown=5 * 2**task.request.retries) from exc
        logger.exception("Vacancy import %s stopped", import_id)
        import_service.fail_import(import_id, exc)
        return None


@shared_task(name="ats.check_uploaded_vacancies", bind=True, acks_late=True, max_retries=IMPORT_RETRIES)
def check_uploaded_vacancies(self, import_id: int) -> int:
    """Check an uploaded CSV row by row (progress on the job); returns the problems found."""
    upload = _import_step(self, import_service.check_import, import_id)
    return len(upload.problems) if upload else 0


@shared_task(name="ats.import_uploaded_vacancies", bind=True, acks_late=True, max_retries=IMPORT_RETRIES)
def import_uploaded_vacancies(self, import_id: int) -> int:
    """Create a confirmed import's vacancies, all or nothing; returns how many were created."""
    upload = _import_step(self, import_service.run_import, import_id)
    return upload.imported_count if upload else 0
