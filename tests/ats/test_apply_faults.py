"""Redis down at submit time: the application is saved and its emails go out once Redis is back.

Runs in the real-services variant (PostgreSQL, Redis and a Celery worker): the broker URL is pointed
at a port where nothing listens while the candidate submits, then restored and the outbox drained by
the real worker, as the beat task does every minute."""

from contextlib import contextmanager

import pytest

from django.core import mail

from ats.models import Application
from cms.celery import app
from cms.models import OutboxEmail
from cms.tasks import drain_outbox
from tests.ats.jobseeker_fixtures import places, site  # noqa: F401
from tests.ats.test_apply import complete_steps, vacancy  # noqa: F401

pytestmark = [
    pytest.mark.integration,
    pytest.mark.faults,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("site", "places"),
]


def _reset_broker_connections() -> None:
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker_down():
    original = app.conf.broker_url
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    _reset_broker_connections()
    try:
        yield
    finally:
        app.conf.broker_url = original
        app.conf.task_always_eager = eager
        _reset_broker_connections()


def test_submitting_while_redis_is_down_saves_the_application_and_emails_follow(
    client,
    jobseeker,
    vacancy,  # noqa: F811
    celery_worker_process,
):
    client.force_login(jobseeker)
    complete_steps(client, vacancy)

    with broker_down():
        response = client.post(f"/jobs/{vacancy.slug}/apply/check-your-answers/", {"consent": "on"})

        assert response["Location"] == f"/jobs/{vacancy.slug}/apply/application-sent/"
        assert Application.objects.filter(vacancy=vacancy, candidate=jobseeker).exists()
        waiting = OutboxEmail.objects.filter(sent_at=None)
        assert sorted(email.template for email in waiting) == [
            "emails/application_received",
            "emails/new_application",
        ]
        assert mail.outbox == []

    assert drain_outbox.delay().get(timeout=30) == 2  # the beat task, run by the real worker
    assert not OutboxEmail.objects.filter(sent_at=None).exists()
