"""Celery tasks of management information. They take ids (or nothing), are idempotent, call services."""

from __future__ import annotations

from celery import shared_task

from ats.insight.tenure import ask_tenure_check, due_tenure_checks

BATCH_SIZE = 200


@shared_task(name="ats.send_tenure_checks")
def send_tenure_checks() -> int:
    """Daily: email each due "still in post?" question not yet asked, in batches of ids."""
    ids = list(due_tenure_checks().filter(asked_at=None).order_by("pk").values_list("pk", flat=True))
    for first in range(0, len(ids), BATCH_SIZE):
        send_tenure_check_batch.delay(ids[first : first + BATCH_SIZE])
    return len(ids)


@shared_task(name="ats.send_tenure_check_batch")
def send_tenure_check_batch(check_ids: list[int]) -> int:
    """Ask each check once; a check already asked or answered is skipped."""
    return sum(ask_tenure_check(check_id) for check_id in check_ids)
