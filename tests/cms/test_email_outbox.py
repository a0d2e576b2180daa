"""Email goes through the outbox: sent after commit, retried when SMTP fails, never twice."""

from datetime import timedelta
from unittest import mock

import pytest
import time_machine

from django.core import mail
from django.utils import timezone

from cms.email import queue_email, send_outbox
from cms.models import OutboxEmail
from cms.tasks import drain_outbox

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_celery")]


def test_queued_email_is_sent_after_commit_with_rendered_templates():
    queue_email("jo@example.org", "emails/test", {"name": "Jo"})

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Hello Jo"
    assert "this is a test" in mail.outbox[0].body
    assert OutboxEmail.objects.get().sent_at is not None


def test_nothing_is_sent_if_the_transaction_rolls_back():
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        queue_email("jo@example.org", "emails/test", {"name": "Jo"})
        raise RuntimeError("the application failed to save")

    assert mail.outbox == []
    assert not OutboxEmail.objects.exists()


def test_a_failing_smtp_server_is_retried_with_backoff_and_sent_once():
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=OSError("SMTP down")
    ):
        email = queue_email("jo@example.org", "emails/test", {"name": "Jo"})
    email.refresh_from_db()
    assert email.sent_at is None
    assert email.attempts == 1
    assert "SMTP down" in email.last_error
    assert drain_outbox() == 0  # not due yet: backing off

    with time_machine.travel(timezone.now() + timedelta(minutes=3)):
        assert drain_outbox() == 1
        assert drain_outbox() == 0
    assert len(mail.outbox) == 1
    assert send_outbox(email.pk) is False  # already sent: never twice


def test_an_email_whose_enqueue_failed_is_sent_by_the_sweep():
    with mock.patch("cms.tasks.send_outbox_email.apply_async", side_effect=ConnectionError("broker down")):
        queue_email("jo@example.org", "emails/test", {"name": "Jo"})
    assert mail.outbox == []

    assert drain_outbox() == 1
    assert len(mail.outbox) == 1
