"""Job alerts: from a search, double opt-in, digests of new matching jobs, one-click unsubscribe."""

import datetime
import re

import pytest
import time_machine

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ats.alerts.digests import send_alert_batch
from ats.alerts.matching import match_alert_batch
from ats.jobs.tasks import send_job_alerts
from ats.models import AlertDelivery, JobAlert
from tests.factories import JobAlertFactory, LocationFactory, RoleFactory, VacancyFactory

NOW = datetime.datetime(2026, 5, 12, 7, 0, tzinfo=datetime.UTC)


def link(text: str, path: str) -> str:
    return re.search(rf"https?://[^\s\"<>]+{path}[^\s\"<>]*", text).group(0).split("testserver", 1)[-1]


def test_anyone_can_turn_a_search_into_an_alert_with_email_double_opt_in(
    reference_data, client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://testserver"
    form = client.get(
        "/jobs/alerts/new/", {"q": "carer", "postcode": "NE1 4ST", "radius": "5", "new_to_care": "on"}
    )
    assert (
        "Care jobs matching “carer” within 5 miles of NE1 4ST (new to care welcome)" in form.content.decode()
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/jobs/alerts/new/",
            {
                "email": "Sam@Example.org",
                "frequency": "weekly",
                "query": "q=carer&postcode=NE1+4ST&radius=5&new_to_care=on",
            },
        )

    assert "Check your email" in response.content.decode()
    alert = JobAlert.objects.get()
    assert alert.email == "sam@example.org" and alert.confirmed_at is None
    assert alert.radius_miles == 5 and alert.latitude is not None
    assert alert.criteria == {"q": "carer", "postcode": "NE1 4ST", "radius": 5, "new_to_care": True}
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sam@example.org"]

    confirm = client.get(link(mail.outbox[0].body, "/jobs/alerts/confirm/"))

    assert "Your job alert is on" in confirm.content.decode()
    alert.refresh_from_db()
    assert alert.confirmed_at is not None


def test_signed_in_person_with_a_verified_email_needs_no_confirmation(db, client, jobseeker):
    client.force_login(jobseeker)

    response = client.post("/jobs/alerts/new/", {"email": jobseeker.email, "frequency": "daily", "query": ""})

    assert "Your job alert is set up" in response.content.decode()
    assert JobAlert.objects.get().confirmed_at is not None
    assert mail.outbox == []


def test_bad_email_is_explained(db, client):
    response = client.post(
        "/jobs/alerts/new/", {"email": "not-an-email", "frequency": "daily", "query": "q=x"}
    )

    assert "Enter a valid email address" in response.content.decode()
    assert not JobAlert.objects.exists()


def test_tampered_or_expired_confirmation_links_are_refused(db, client):
    alert = JobAlertFactory(confirmed_at=None)
    from ats.alerts.subscriptions import SALT_CONFIRM, make_token

    with time_machine.travel(timezone.now() - datetime.timedelta(days=8)):
        old = make_token(alert, SALT_CONFIRM)

    assert client.get(f"/jobs/alerts/confirm/{old}/").status_code == 400
    assert client.get("/jobs/alerts/confirm/forged-token/").status_code == 400
    alert.refresh_from_db()
    assert alert.confirmed_at is None


@time_machine.travel(NOW, tick=False)
def test_digest_sends_only_new_matching_jobs_and_never_the_same_job_twice(
    db, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://care.example"
    nurse = RoleFactory(name="Registered nurse")
    alert = JobAlertFactory(
        email="sam@example.org",
        criteria={"role_ids": [nurse.pk], "no_driving": True},
        description="Registered nurse jobs",
        last_sent_at=NOW - datetime.timedelta(days=1),
    )
    VacancyFactory(title="Old nurse job", role=nurse, published_at=NOW - datetime.timedelta(days=3))
    new = VacancyFactory(title="New nurse job", role=nurse, published_at=NOW - datetime.timedelta(hours=2))
    VacancyFactory(
        title="Driving nurse job",
        role=nurse,
        driving_required=True,
        published_at=NOW - datetime.timedelta(hours=2),
    )
    VacancyFactory(title="Carer job", published_at=NOW - datetime.timedelta(hours=2))

    with django_capture_on_commit_callbacks(execute=True):
        send_job_alerts.delay()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "1 new care job: Registered nurse jobs"
    assert "New nurse job" in message.body and f"https://care.example/jobs/{new.slug}/" in message.body
    assert (
        "Old nurse job" not in message.body
        and "Driving" not in message.body
        and "Carer job" not in message.body
    )
    assert list(AlertDelivery.objects.values_list("alert_id", "vacancy_id")) == [(alert.pk, new.pk)]

    # A retried batch (or a clock that moved back) must not send the same job again.
    JobAlert.objects.update(last_sent_at=NOW - datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_alert_batch([alert.pk]) == 0
    assert len(mail.outbox) == 1


def test_alerts_are_not_sent_before_they_are_due_or_when_unconfirmed_or_stopped(
    db, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        VacancyFactory(published_at=NOW - datetime.timedelta(hours=1))
        JobAlertFactory(frequency="weekly", last_sent_at=NOW - datetime.timedelta(days=3))
        JobAlertFactory(confirmed_at=None)
        JobAlertFactory(unsubscribed_at=NOW - datetime.timedelta(days=1))
        send_job_alerts.delay()
    assert mail.outbox == []


def test_alert_by_distance_only_gets_jobs_within_its_radius(db):
    near = LocationFactory(latitude=54.9724, longitude=-1.6115)  # Newcastle
    far = LocationFactory(latitude=54.5742, longitude=-1.2350)  # Middlesbrough, ~30 miles
    with time_machine.travel(NOW, tick=False):
        alert = JobAlertFactory(latitude=54.97, longitude=-1.61, radius_miles=10, criteria={"radius": 10})
        close = VacancyFactory(locations=[near], organisation=near.organisation)
        VacancyFactory(locations=[far], organisation=far.organisation)
        matches = match_alert_batch([alert.pk], NOW)
    assert matches[alert].newest == [close.pk] and matches[alert].total == 1


def test_digest_has_one_click_unsubscribe(db, client, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "http://testserver"
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        alert = JobAlertFactory()
        VacancyFactory(published_at=NOW - datetime.timedelta(hours=1))
        send_job_alerts.delay()
    message = mail.outbox[0]
    header = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    url = header.strip("<>").split("testserver", 1)[1]
    assert "Stop these emails" in message.alternatives[0][0]

    page = client.get(url)
    assert "Stop this job alert" in page.content.decode()
    response = client.post(url, {"List-Unsubscribe": "One-Click"})  # as a mail client does, no CSRF token

    assert response.status_code == 200
    alert.refresh_from_db()
    assert alert.unsubscribed_at is not None
    assert client.post(url.replace("unsubscribe/", "unsubscribe/x")).status_code == 400


@pytest.mark.parametrize("size", [3, 30])
def test_matching_a_batch_takes_the_same_queries_whatever_its_size(db, size):
    with time_machine.travel(NOW, tick=False):
        VacancyFactory.create_batch(5, published_at=NOW - datetime.timedelta(hours=1))
        ids = [JobAlertFactory(criteria={"q": "care"}).pk for _ in range(size)]
        with CaptureQueriesContext(connection) as queries:
            matches = match_alert_batch(ids, NOW)
    assert len(matches) == size and all(found.total == 5 for found in matches.values())
    assert len(queries) == 4  # alerts, new jobs, their points, deliveries already made


def test_beat_task_enqueues_one_task_per_batch(db, settings, monkeypatch):
    from ats.alerts import matching
    from ats.jobs import tasks

    monkeypatch.setattr(matching, "BATCH_SIZE", 2)
    monkeypatch.setattr(matching.batched, "__defaults__", (2,))
    sent: list[tuple] = []
    monkeypatch.setattr(tasks.send_job_alert_batch, "delay", lambda *args: sent.append(args))
    JobAlertFactory.create_batch(5)

    assert send_job_alerts() == 3
    assert [len(ids) for ids, _, _ in sent] == [2, 2, 1]
    # The batches share the run's time and id, so a worker loads the new jobs once for all of them.
    assert len({(now, run) for _, now, run in sent}) == 1
    assert settings.CELERY_BEAT_SCHEDULE["send-job-alerts"]["task"] == "ats.send_job_alerts"


def test_a_busy_digest_shows_twenty_jobs_with_the_exact_total_and_a_link_to_all_of_them(
    db, client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://testserver"
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        alert = JobAlertFactory(
            description="All care jobs",
            criteria={"new_to_care": True},
            last_sent_at=NOW - datetime.timedelta(days=1),
        )
        VacancyFactory.create_batch(
            23, published_at=NOW - datetime.timedelta(hours=1), new_to_care_welcome=True
        )
        VacancyFactory(
            title="Sent yesterday", published_at=NOW - datetime.timedelta(days=2), new_to_care_welcome=True
        )
        VacancyFactory(title="Not for newcomers", published_at=NOW - datetime.timedelta(hours=1))
        send_job_alerts.delay()

    message = mail.outbox[0]
    assert message.subject == "23 new care jobs: All care jobs"
    assert message.body.count("/jobs/care-assistant-") == 20
    assert "These are the newest 20 of 23 new jobs. See all of them:" in message.body
    assert "20 of 23 new jobs. <a href=" in message.alternatives[0][0]
    assert AlertDelivery.objects.filter(alert=alert).count() == 20

    with time_machine.travel(NOW, tick=False):
        page = client.get(link(message.body, "/jobs/[?]")).content.decode()
    assert "23 jobs" in page
    assert "Jobs posted since 11 May 2026" in page
    assert "Sent yesterday" not in page and "Not for newcomers" not in page


def test_a_very_busy_digest_says_exactly_how_many_new_jobs_match_and_links_to_all_of_them(
    db, client, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from ats.alerts import matching

    monkeypatch.setattr(matching, "MAX_JOBS_PER_EMAIL", 3)  # as with 20, with a shorter email to read
    settings.SITE_URL = "http://testserver"
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        alert = JobAlertFactory(description="All care jobs", last_sent_at=NOW - datetime.timedelta(days=1))
        VacancyFactory.create_batch(57, published_at=NOW - datetime.timedelta(hours=1))
        newest = VacancyFactory(title="Newest job", published_at=NOW - datetime.timedelta(minutes=5))
        send_job_alerts.delay()

    message = mail.outbox[0]
    assert message.subject == "58 new care jobs: All care jobs"
    assert message.body.startswith("58 new care jobs match your alert: All care jobs")
    assert "58 new care jobs match your alert</h1>" in message.alternatives[0][0]
    assert message.body.index("Newest job") < message.body.index("/jobs/care-assistant-")
    assert len(re.findall(r"^http://testserver/jobs/[\w-]+/$", message.body, re.MULTILINE)) == 3
    assert "These are the newest 3 of 58 new jobs. See all of them:" in message.body
    assert AlertDelivery.objects.filter(alert=alert).count() == 3
    assert AlertDelivery.objects.filter(alert=alert, vacancy=newest).exists()
    with time_machine.travel(NOW, tick=False):
        page = client.get(link(message.body, "/jobs/[?]")).content.decode()
    assert "58 jobs" in page


@pytest.mark.parametrize("size", [3, 30])
def test_a_batch_is_written_and_queued_in_the_same_queries_whatever_its_size(
    db, size, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        VacancyFactory.create_batch(3, published_at=NOW - datetime.timedelta(hours=1))
        ids = [JobAlertFactory(email=f"a{n}@example.org").pk for n in range(size)]
        with (
            django_capture_on_commit_callbacks(execute=True) as callbacks,
            CaptureQueriesContext(connection) as queries,
        ):
            assert send_alert_batch(ids, NOW, run=f"run of {size}") == size

    writes = [q["sql"] for q in queries if q["sql"].startswith(("INSERT", "UPDATE"))]
    assert len(writes) <= 4  # last sent, deliveries, the jobs' parts, outbox (one statement each)
    sends = [c for c in callbacks if c.__qualname__ == "enqueue_on_commit.<locals>._send"]
    assert len(sends) == 1  # one send task for the batch's digests
    assert len(mail.outbox) == size and AlertDelivery.objects.count() == 3 * size
