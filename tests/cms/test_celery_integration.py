"""Celery through the real broker and a real worker process (the .ci/run real-services variant)."""

import pytest

from cms.tasks import ping

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_task_runs_through_the_real_broker_and_worker(celery_worker_process, settings):
    assert settings.CELERY_TASK_ALWAYS_EAGER is False

    result = ping.delay("hello from the test")

    assert result.get(timeout=30) == "hello from the test"


def test_healthz_reports_the_real_broker_ok(client, settings):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == "ok"
    assert response.json()["checks"]["cache"] == "ok"
