"""Celery finds every task by autodiscovery, under the names queued messages and beat use."""

import pytest

from django.conf import settings

from cms.celery import app

# Names that messages already in production queues carry: a task must never be renamed.
QUEUED_NAMES = {
    "ats.expire_vacancies",
    "ats.send_job_alerts",
    "ats.send_job_alert_batch",
    "ats.refresh_vacancies",
    "ats.check_uploaded_vacancies",
    "ats.import_uploaded_vacancies",
    "ats.scan_cv",
    "ats.rescan_pending_cvs",
    "ats.purge_unsuccessful_candidates",
    "ats.send_interview_reminders",
    "ats.apply_retention_batch",
    "ats.route_enquiry",
    "ats.send_routing_reminders",
}


@pytest.fixture
def registered(db) -> set[str]:
    # What a worker and beat do at start. Celery's Django fix-up runs the system checks then, and
    # some of them read the database.
    app.loader.import_default_modules()
    return set(app.tasks)


def test_every_beat_schedule_entry_names_a_registered_task(registered):
    missing = {key: entry["task"] for key, entry in settings.CELERY_BEAT_SCHEDULE.items()}
    missing = {key: task for key, task in missing.items() if task not in registered}
    assert not missing


def test_tasks_keep_the_names_queued_messages_use(registered):
    assert registered >= QUEUED_NAMES
