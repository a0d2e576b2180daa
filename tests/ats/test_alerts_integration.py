"""Job alerts and expiry through the real broker and a real worker (the .ci/run real-services run)."""

import datetime
import time

import pytest

from django.utils import timezone

from ats.jobs.tasks import expire_vacancies, send_job_alerts
from ats.models import AlertDelivery, Vacancy
from cms.models import OutboxEmail
from tests.factories import JobAlertFactory, VacancyFactory
from tests.fixtures.services import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_beat_task_fans_out_to_batch_tasks_that_queue_digests(celery_worker_process):
    now = timezone.now()
    alert = JobAlertFactory(email="sam@example.org", last_sent_at=now - datetime.timedelta(days=1))
    vacancy = VacancyFactory(published_at=now - datetime.timedelta(hours=1))

    assert send_job_alerts.delay().get(timeout=30) == 1  # one batch task enqueued

    assert wait_for(lambda: AlertDelivery.objects.filter(alert=alert, vacancy=vacancy).exists())
    assert wait_for(
        lambda: OutboxEmail.objects.filter(to=["sam@example.org"], sent_at__isnull=False).exists()
    )
    # A second run finds nothing new: no second digest, no second delivery.
    assert send_job_alerts.delay().get(timeout=30) == 0
    time.sleep(1)
    assert AlertDelivery.objects.filter(alert=alert).count() == 1
    assert OutboxEmail.objects.filter(to=["sam@example.org"]).count() == 1


def test_expiry_runs_on_the_worker(celery_worker_process):
    old = VacancyFactory(closing_date=timezone.localdate() - datetime.timedelta(days=1))

    assert expire_vacancies.delay().get(timeout=30) == 1

    old.refresh_from_db()
    assert old.status == Vacancy.Status.CLOSED
