"""Scheduled publishing: Wagtail's `publish_scheduled` (pages, and snippets with go-live and expiry
dates) run every minute, and what an editor is told about it (docs/adr/0020).

Production runs it from Celery beat (`campaign.tasks.publish_scheduled_pages`, every 60 s). The
embedded default (`make demo`) has no beat, so `ScheduledPublishingMiddleware` runs it on a request,
at most once a minute, when settings.SCHEDULED_PUBLISHING_ON_REQUEST is on. Either way the time of
the last run is kept in the cache, and the admin shows it with the next one.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

INTERVAL = timedelta(seconds=60)
LAST_RUN_KEY = "scheduled-publishing:last-run"
CLAIM_KEY = "scheduled-publishing:claim"


def run_scheduled_publishing() -> str:
    """Publish what is due and unpublish what has expired; note when. Returns the command's report."""
    report = io.StringIO()
    call_command("publish_scheduled", stdout=report)
    cache.set(LAST_RUN_KEY, timezone.now(), None)
    return report.getvalue()


def claim_run(now: datetime) -> bool:
    """True for the first caller in each clock minute (an atomic cache add of that minute's key), so
    concurrent requests of the demo's threaded server run the command once. The minute is in the
    key rather than left to the entry's expiry, so the answer follows this process's clock."""
    return cache.add(f"{CLAIM_KEY}:{now:%Y%m%d%H%M}", now.isoformat(), 2 * int(INTERVAL.total_seconds()))


@dataclass(frozen=True)
class ScheduleStatus:
    on_request: bool  # the embedded demo: runs on the first request after `next_run`
    last_run: datetime | None
    next_run: datetime | None  # None: it has not run yet (it runs on the next request or beat tick)


def schedule_status() -> ScheduleStatus:
    last_run = cache.get(LAST_RUN_KEY)
    return ScheduleStatus(
        on_request=settings.SCHEDULED_PUBLISHING_ON_REQUEST,
        last_run=last_run,
        next_run=last_run + INTERVAL if last_run else None,
    )


class ScheduledPublishingMiddleware:
    """Without Celery beat (the embedded demo): publish what is due before answering the first
    request of each minute, so a page scheduled for 09:00 is live for the first visit after 09:00.
    Goes before the page cache: a cached page purged by publishing is not served stale."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.SCHEDULED_PUBLISHING_ON_REQUEST
            and not request.path.startswith("/static/")
            and claim_run(timezone.now())
        ):
            run_scheduled_publishing()
        return self.get_response(request)
