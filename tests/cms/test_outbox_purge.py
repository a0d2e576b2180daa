"""The outbox forgets sent emails after OUTBOX_KEEP_DAYS, and the alert digests' shared parts once no
remaining email can refer to them; anything still waiting to be sent is kept whole."""

from datetime import timedelta

import pytest

from django.utils import timezone

from cms.email import MAX_ATTEMPTS, email_bodies, purge_outbox, store_parts
from cms.models import OutboxEmail, OutboxPart
from cms.tasks import purge_outbox as purge_task

pytestmark = pytest.mark.django_db


def email(days_ago: float, *, sent: bool, parts: list[int] | None = None, attempts: int = 1) -> OutboxEmail:
    made = timezone.now() - timedelta(days=days_ago)
    row = OutboxEmail.objects.create(
        to=["jo@example.org"],
        subject="New care jobs",
        body_text="Hello\nBye",
        body_html="<p>Hello</p><p>Bye</p>",
        parts={"ids": parts, "text_at": 6, "html_at": 12} if parts else {},
        attempts=attempts,
        sent_at=made if sent else None,
    )
    OutboxEmail.objects.filter(pk=row.pk).update(created_at=made)
    return row


def parts_made(days_ago: float, count: int = 2) -> list[int]:
    ids = store_parts([(f"Job {n}\n", f"<p>Job {n}</p>") for n in range(count)])
    OutboxPart.objects.filter(pk__in=ids).update(created_at=timezone.now() - timedelta(days=days_ago))
    return ids


def test_sent_emails_go_after_the_keep_period_and_waiting_ones_stay(settings):
    settings.OUTBOX_KEEP_DAYS = 30
    old_sent, recent_sent = email(40, sent=True), email(5, sent=True)
    still_retrying = email(40, sent=False, attempts=3)
    given_up = email(40, sent=False, attempts=MAX_ATTEMPTS)

    assert purge_outbox() == (2, 0)

    kept = set(OutboxEmail.objects.values_list("pk", flat=True))
    assert kept == {recent_sent.pk, still_retrying.pk}
    assert old_sent.pk not in kept and given_up.pk not in kept


def test_shared_parts_go_only_when_no_remaining_email_can_refer_to_them(settings):
    settings.OUTBOX_KEEP_DAYS = 30
    orphaned = parts_made(60)  # their digests were sent and forgotten long ago
    waiting_parts = parts_made(45)
    waiting = email(45, sent=False, parts=waiting_parts, attempts=2)  # mail server down for weeks
    reused = parts_made(45.5)  # stored earlier in the same run as the waiting digest
    email(45, sent=True, parts=reused)

    assert purge_outbox() == (1, 2)

    assert set(OutboxPart.objects.values_list("pk", flat=True)) == {*waiting_parts, *reused}
    assert not OutboxPart.objects.filter(pk__in=orphaned).exists()
    text, html = email_bodies(OutboxEmail.objects.get(pk=waiting.pk))  # still sends whole
    assert text == "Hello\nJob 0\nJob 1\nBye" and html == "<p>Hello</p><p>Job 0</p><p>Job 1</p><p>Bye</p>"


def test_with_no_email_using_parts_left_old_parts_go_and_recent_ones_stay(settings):
    settings.OUTBOX_KEEP_DAYS = 30
    old, recent = parts_made(31), parts_made(2)

    assert purge_task() == {"emails": 0, "parts": 2}

    assert set(OutboxPart.objects.values_list("pk", flat=True)) == set(recent)
    assert not OutboxPart.objects.filter(pk__in=old).exists()


def test_the_purge_runs_daily_from_celery_beat(settings):
    from cms.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["purge-outbox"]
    assert entry["task"] == "cms.purge_outbox" and entry["task"] in app.tasks
    assert entry["schedule"] == 24 * 3600.0
