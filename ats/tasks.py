"""Celery tasks for vacancies and alerts. Each takes ids, is idempotent and calls a service."""

from __future__ import annotations

from celery import shared_task

from ats.models import JobAlert
from ats.services import alerts as alert_service
from ats.services import vacancies as vacancy_service


@shared_task(name="ats.expire_vacancies")
def expire_vacancies() -> int:
    """Nightly: close live vacancies past their closing date."""
    return vacancy_service.expire_vacancies()


@shared_task(name="ats.send_job_alerts")
def send_job_alerts() -> int:
    """Beat: find the alerts that are due and enqueue one task per batch of them."""
    ids = alert_service.due_alert_ids()
    batches = 0
    for batch in alert_service.batched(ids):
        send_job_alert_batch.delay(batch)
        batches += 1
    return batches


@shared_task(name="ats.send_job_alert_batch", acks_late=True)
def send_job_alert_batch(alert_ids: list[int]) -> int:
    return alert_service.send_alert_batch(alert_ids)


@shared_task(name="ats.send_alert_confirmation")
def send_alert_confirmation(alert_id: int) -> None:
    alert = JobAlert.objects.filter(pk=alert_id).first()
    if alert is not None:
        alert_service.send_confirmation(alert)


@shared_task(name="ats.refresh_vacancies")
def refresh_vacancies(vacancy_ids: list[int]) -> int:
    return vacancy_service.refresh_vacancies(vacancy_ids)
