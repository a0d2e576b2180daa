"""Celery tasks for jobseekers: CV scanning, retention. Tasks take ids and call services."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task

from django.utils import timezone

logger = logging.getLogger(__name__)

SCAN_MAX_RETRIES = 10


def scan_backoff_seconds(retries: int) -> int:
    """30 s, 1 min, 2 min ... capped at an hour."""
    return min(30 * 2**retries, 3600)


@shared_task(name="ats.scan_cv", bind=True, max_retries=SCAN_MAX_RETRIES, acks_late=True)
def scan_cv(self, cv_id: int) -> str:
    """Scan one pending CV. An unreachable scanner leaves it pending and retries with backoff."""
    from ats.applications.cvs import rescan_cv
    from ats.applications.scanning import ScannerUnavailable

    try:
        return rescan_cv(cv_id)
    except ScannerUnavailable as exc:
        if self.request.is_eager:
            logger.warning("CV %s still pending: %s (the periodic sweep will retry)", cv_id, exc)
            return "pending"
        raise self.retry(exc=exc, countdown=scan_backoff_seconds(self.request.retries)) from exc


@shared_task(name="ats.rescan_pending_cvs")
def rescan_pending_cvs() -> int:
    """Periodic sweep: queue a scan for every CV still pending after five minutes."""
    from ats.applications.models import CV

    ids = list(
        CV.objects.filter(
            scan_status=CV.ScanStatus.PENDING, uploaded_at__lte=timezone.now() - timedelta(minutes=5)
        ).values_list("pk", flat=True)[:500]
    )
    for cv_id in ids:
        scan_cv.delay(cv_id)
    return len(ids)


@shared_task(name="ats.purge_unsuccessful_candidates")
def purge_unsuccessful_candidates() -> dict:
    """Daily: erase unsuccessful candidates' personal data and CVs RETENTION_MONTHS after closing."""
    from ats.privacy.erasure import purge_unsuccessful_candidates as purge

    result = purge()
    return {"applications": result.applications, "cvs_deleted": result.cvs_deleted}
