"""Faults: broker down during a submission, worker killed mid-task, database connections dropped."""

import signal
import time
from contextlib import contextmanager

import pytest
import redis

from django.core import mail
from django.db import connection

from tests.faults.conftest import start_worker

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


@contextmanager
def celery_on(url, settings, **transport):
    """Point the project's Celery app at `url` (not eager) and put everything back afterwards."""
    from cms.celery import app

    def reset_pool():
        app._pool = None
        app.amqp._producer_pool = None

    saved = (app.conf.broker_url, app.conf.broker_transport_options, app.conf.task_always_eager)
    app.conf.broker_url = url
    app.conf.broker_transport_options = {**settings.CELERY_BROKER_TRANSPORT_OPTIONS, **transport}
    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    reset_pool()
    try:
        yield app
    finally:
        app.conf.broker_url, app.conf.broker_transport_options, app.conf.task_always_eager = saved
        reset_pool()


def test_email_queued_while_the_broker_is_down_goes_out_after_it_returns(private_redis, settings):
    """The outbox row is saved with the submission; the sweep sends it once Redis is back."""
    from cms.email import queue_email
    from cms.models import OutboxEmail
    from cms.tasks import drain_outbox

    private_redis.stop()
    with celery_on(private_redis.url, settings):
        started = time.monotonic()
        queue_email("jo@example.org", "emails/test", {"name": "Jo"})
        assert time.monotonic() - started < 15, "a dead broker must not hang the request"
        assert OutboxEmail.objects.filter(sent_at=None).count() == 1
        assert mail.outbox == []

        private_redis.start()
        assert drain_outbox() == 1  # the periodic sweep, as beat runs it
        assert len(mail.outbox) == 1
        assert drain_outbox() == 0


def test_a_worker_killed_mid_task_runs_it_again_and_the_work_happens_once(private_redis, settings):
    env = {"CELERY_VISIBILITY_TIMEOUT": "3"}
    state = redis.Redis.from_url(private_redis.url)
    workers = [start_worker(private_redis.url, extra_env=env, include="tests.faults.fault_tasks")]
    with celery_on(private_redis.url, settings, visibility_timeout=3) as app, _killing(workers):
        app.send_task("tests.slow_idempotent", args=[private_redis.url, "job1", 4])
        deadline = time.monotonic() + 20
        while int(state.get("job1:started") or 0) < 1 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert int(state.get("job1:started") or 0) == 1
        workers[0].send_signal(signal.SIGKILL)  # killed mid-task
        workers[0].wait(timeout=10)
        assert state.get("job1:effects") is None

        workers.append(start_worker(private_redis.url, extra_env=env, include="tests.faults.fault_tasks"))
        deadline = time.monotonic() + 40
        while state.get("job1:effects") is None and time.monotonic() < deadline:
            time.sleep(0.5)
        assert int(state.get("job1:started")) >= 2  # it ran again
        assert int(state.get("job1:effects")) == 1  # and did its work once


@contextmanager
def _killing(processes):
    try:
        yield
    finally:
        for process in processes:
            process.kill()
            process.wait(timeout=10)


def test_the_next_request_succeeds_after_the_database_drops_every_connection(client, home_page):
    assert client.get("/healthz").status_code == 200
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    pid = connection.connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    # What a server restart does to open connections: terminate our backend from another session.
    import psycopg

    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        dbname=db["NAME"],
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])

    from django.db import close_old_connections

    close_old_connections()  # what Django does at the start of every request
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"
