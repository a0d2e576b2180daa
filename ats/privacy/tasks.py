"""Celery tasks for the retention schedule (docs/retention.md): one nightly beat task per line,
which lists what is due and enqueues one task per batch of ids. Idempotent: a batch applies its
line only to the ids still due when it runs (ats.privacy.retention.apply_line)."""

from __future__ import annotations

import datetime

from celery import shared_task

from django.utils import timezone

from ats.privacy import retention


def _fan_out(line: str) -> int:
    now = timezone.now()
    batches = 0
    for batch in retention.batched(retention.due_ids(line, now)):
        apply_retention_batch.delay(line, batch, now.isoformat())
        batches += 1
    return batches


@shared_task(name="ats.apply_retention_batch", acks_late=True)
def apply_retention_batch(line: str, ids: list[int], now: str | None = None) -> int:
    return retention.apply_line(line, ids, datetime.datetime.fromisoformat(now) if now else None)


@shared_task(name="ats.purge_hired_disclosures")
def purge_hired_disclosures() -> int:
    """Criminal-record self-disclosures, 30 days after the hire and 6 months at most."""
    return _fan_out("hired_disclosures")


@shared_task(name="ats.purge_hired_records")
def purge_hired_records() -> int:
    """Hired people's applications, 12 months after the hire."""
    return _fan_out("hired_records")


@shared_task(name="ats.purge_stale_drafts")
def purge_stale_drafts() -> int:
    """Applications started and never sent, 90 days after they were last touched."""
    return _fan_out("stale_drafts")


@shared_task(name="ats.warn_inactive_accounts")
def warn_inactive_accounts() -> int:
    """Email jobseekers whose account is 30 days from deletion for not being used."""
    return _fan_out("inactive_account_warnings")


@shared_task(name="ats.purge_inactive_accounts")
def purge_inactive_accounts() -> int:
    """Delete jobseekers' accounts unused for 2 years, warned 30 days before."""
    return _fan_out("inactive_accounts")


@shared_task(name="ats.purge_enquiries")
def purge_enquiries() -> int:
    """Enquiries and referrals, 12 months after they were made."""
    return _fan_out("enquiries") + _fan_out("referrals")


@shared_task(name="ats.purge_equality_answers")
def purge_equality_answers() -> int:
    """Equality answers of people with no application left on record."""
    return _fan_out("equality_answers")


@shared_task(name="ats.purge_job_alerts")
def purge_job_alerts() -> int:
    """Job alerts never confirmed, or stopped, 30 days on."""
    return _fan_out("job_alerts")


@shared_task(name="ats.purge_access_log")
def purge_access_log() -> int:
    """The personal data access log, after 6 years."""
    return _fan_out("access_log")
