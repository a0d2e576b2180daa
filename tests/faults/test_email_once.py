"""A worker killed at any point of sending an email never makes it arrive twice (issue 22.9).

A real Celery worker sends outbox emails to a real SMTP server on loopback that counts what it
accepts and can hold the conversation at one point; the worker is killed (SIGKILL) there, and the
periodic sweep then runs as beat runs it, after the claim on the email has run out."""

import signal
from datetime import timedelta

import pytest
import time_machine

from django.utils import timezone

from cms.email import INTERRUPTED
from cms.models import OutboxEmail
from cms.tasks import drain_outbox
from tests.faults.conftest import start_worker
from tests.faults.test_faults import celery_on
from tests.fixtures.services import wait_for

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


def _worker(private_redis, smtp):
    env = {
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",  # the test settings always use locmem email
        "DEBUG": "false",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}?tls=0&timeout=5",
    }
    return start_worker(private_redis.url, extra_env=env)


def _sweep_after_the_claim_runs_out() -> int:
    with time_machine.travel(timezone.now() + timedelta(minutes=11), tick=True):
        return drain_outbox()


def _queue_and_kill_at(point, private_redis, holding_smtp_server, settings):
    from cms.email import queue_email

    holding_smtp_server.hold_at = point
    worker = _worker(private_redis, holding_smtp_server)
    try:
        with celery_on(private_redis.url, settings):
            email = queue_email("jo@example.org", "emails/test", {"name": "Jo"})
            assert holding_smtp_server.holding.wait(timeout=30), "the worker never reached the mail server"
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
    finally:
        worker.kill()
        worker.wait(timeout=10)
    holding_smtp_server.release.set()
    return email


def test_a_worker_killed_after_the_mail_server_accepted_the_email_does_not_make_it_arrive_twice(
    private_redis, holding_smtp_server, settings
):
    email = _queue_and_kill_at("DATA", private_redis, holding_smtp_server, settings)
    assert len(holding_smtp_server.messages) == 1  # the server has it

    assert drain_outbox() == 0  # claimed by the killed worker: not due yet
    assert _sweep_after_the_claim_runs_out() == 0

    assert len(holding_smtp_server.messages) == 1
    email.refresh_from_db()
    assert email.sent_at is None and email.last_error == INTERRUPTED  # left for a person to check
    assert holding_smtp_server.messages[0]["Message-ID"] == email.message_id
    assert _sweep_after_the_claim_runs_out() == 0 and len(holding_smtp_server.messages) == 1


def test_a_worker_killed_while_connecting_leaves_the_email_to_be_sent_once(
    private_redis, holding_smtp_server, settings
):
    email = _queue_and_kill_at("EHLO", private_redis, holding_smtp_server, settings)
    assert holding_smtp_server.messages == []

    assert _sweep_after_the_claim_runs_out() == 1
    assert _sweep_after_the_claim_runs_out() == 0

    assert len(holding_smtp_server.messages) == 1
    email.refresh_from_db()
    assert email.sent_at is not None
    assert holding_smtp_server.messages[0]["Message-ID"] == email.message_id


def test_a_worker_killed_after_recording_the_send_leaves_nothing_to_send_again(
    private_redis, holding_smtp_server, settings
):
    from cms.email import queue_email

    worker = _worker(private_redis, holding_smtp_server)
    try:
        with celery_on(private_redis.url, settings):
            email = queue_email("jo@example.org", "emails/test", {"name": "Jo"})
            assert wait_for(lambda: OutboxEmail.objects.filter(pk=email.pk, sent_at__isnull=False).exists())
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
    finally:
        worker.kill()
        worker.wait(timeout=10)

    assert _sweep_after_the_claim_runs_out() == 0
    assert len(holding_smtp_server.messages) == 1
