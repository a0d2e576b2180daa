"""Celery tasks for vacancies and alerts. Each takes ids, is idempotent and calls a service."""

from __future__ import annotations

import datetime
import uuid

from celery import shared_task

from django.utils import timezone

from ats.services import alerts as alert_service
from ats.services import vacancies as vacancy_service


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
    ids = alert_service.due_alert_ids(now)
    run = uuid.uuid4().hex
    batches = 0
    for batch in alert_service.batched(ids):
        send_job_alert_batch.delay(batch, now.isoformat(), run)
        batches += 1
    return batches


@shared_task(name="ats.send_job_alert_batch", acks_late=True)
def send_job_alert_batch(alert_ids: list[int], now: str | None = None, run: str | None = None) -> int:
    at = datetime.datetime.fromisoformat(now) if now else None
    return alert_service.send_alert_batch(alert_ids, at, run=run)


@shared_task(name="ats.refresh_vacancies")
def refresh_vacancies(vacancy_ids: list[int]) -> int:
    return vacancy_service.refresh_vacancies(vacancy_ids)
