"""Faults in the two outside services a candidate's data passes through: S3 for CVs and SMTP for email.

S3 is moto in server mode behind a proxy that can be switched off (connections refused, as when the
S3 endpoint is down); SMTP is a real aiosmtpd server on loopback that can be stopped or made to
refuse every message."""

from datetime import timedelta

import pytest
import time_machine

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ats.models import CV, Application, ApplicationDraft
from cms.email import queue_email
from cms.models import OutboxEmail
from cms.tasks import drain_outbox
from tests.ats.apply_answers import CONSENT, SCREEN_DATA
from tests.ats.jobseeker_fixtures import eager_tasks, make_pdf, places, site  # noqa: F401
from tests.ats.test_apply import post_step, vacancy  # noqa: F401

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

BEFORE_CV = ("details", "about")  # the screens before "Your application", which takes the CV


@pytest.fixture
def cvs_on_switchable_s3(switchable_s3, monkeypatch):
    """CV.file resolved its storage when the model loaded (as in production, where S3 is configured
    from the start); point it at the switchable S3 the fixture configured."""
    from django.core.files.storage import storages

    monkeypatch.setattr(CV._meta.get_field("file"), "storage", storages["private"])
    return switchable_s3


def _objects(s3) -> list[str]:
    listing = s3["client"].list_objects_v2(Bucket=s3["name"])
    return [item["Key"] for item in listing.get("Contents", [])]


@pytest.mark.usefixtures("site", "places", "eager_tasks")
def test_s3_down_during_a_cv_upload_says_so_stores_nothing_and_the_upload_works_once_s3_is_back(
    client,
    jobseeker,
    vacancy,  # noqa: F811
    cvs_on_switchable_s3,
):
    switchable_s3 = cvs_on_switchable_s3
    client.force_login(jobseeker)
    for step in BEFORE_CV:
        assert post_step(client, vacancy.slug, step).status_code == 302

    switchable_s3["proxy"].stop()
    upload = {**SCREEN_DATA["job"], "cv": "upload", "file": SimpleUploadedFile("Jo CV.pdf", make_pdf())}
    response = post_step(client, vacancy.slug, "job", upload)

    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "We could not save your file just now, so it has not been uploaded." in page
    assert not CV.objects.exists()
    assert _objects(switchable_s3) == []  # nothing half-stored in the bucket either
    draft = ApplicationDraft.objects.get(candidate=jobseeker, vacancy=vacancy)
    assert "cv" not in draft.answers and draft.cv is None
    assert {"details", "eligibility"} <= set(draft.answers)  # the draft is kept

    switchable_s3["proxy"].start()
    upload = {**SCREEN_DATA["job"], "cv": "upload", "file": SimpleUploadedFile("Jo CV.pdf", make_pdf())}
    response = post_step(client, vacancy.slug, "job", upload)

    assert response.status_code == 302
    cv = CV.objects.get(candidate=jobseeker)
    assert _objects(switchable_s3) == [f"private/{cv.file.name}"]
    with cv.file.open("rb") as handle:
        assert handle.read() == make_pdf()
    client.post(f"/jobs/{vacancy.slug}/apply/check-your-answers/", CONSENT)
    assert Application.objects.get(candidate=jobseeker).cv == cv


def _delivered_to(smtp_server) -> list[str]:
    return [message["To"] for message in smtp_server.messages]


@pytest.mark.usefixtures("eager_celery")
def test_smtp_down_keeps_the_email_queued_and_a_retry_delivers_it_exactly_once(smtp_server):
    queue_email("first@example.org", "emails/test", {"name": "First"})
    assert _delivered_to(smtp_server) == ["first@example.org"]  # the server works

    smtp_server.stop()
    email = queue_email("jo@example.org", "emails/test", {"name": "Jo"})

    email.refresh_from_db()
    assert email.sent_at is None
    assert email.attempts == 1
    assert "Connection refused" in email.last_error or "ConnectionRefused" in email.last_error
    assert email.next_attempt_at > timezone.now()  # backing off
    assert drain_outbox() == 0  # not due yet

    with time_machine.travel(timezone.now() + timedelta(minutes=3), tick=True):
        assert drain_outbox() == 0  # due, tried, still down
        email.refresh_from_db()
        assert email.attempts == 2
        assert email.sent_at is None

    smtp_server.start()
    with time_machine.travel(timezone.now() + timedelta(minutes=8), tick=True):
        assert drain_outbox() == 1
        assert drain_outbox() == 0  # the sweep never sends it twice

    email.refresh_from_db()
    assert email.sent_at is not None and email.last_error == ""
    assert _delivered_to(smtp_server) == ["first@example.org", "jo@example.org"]
    assert smtp_server.messages[1]["Subject"] == "Hello Jo"
    assert not OutboxEmail.objects.filter(sent_at=None).exists()


@pytest.mark.usefixtures("eager_celery")
def test_smtp_refusing_messages_keeps_them_queued_until_it_accepts_again(smtp_server):
    smtp_server.refuse = True
    email = queue_email("jo@example.org", "emails/test", {"name": "Jo"})

    email.refresh_from_db()
    assert email.sent_at is None and email.attempts == 1
    assert "554" in email.last_error
    assert smtp_server.messages == []

    smtp_server.refuse = False
    with time_machine.travel(timezone.now() + timedelta(minutes=3), tick=True):
        assert drain_outbox() == 1
        assert drain_outbox() == 0

    assert _delivered_to(smtp_server) == ["jo@example.org"]
    email.refresh_from_db()
    assert email.attempts == 2 and email.sent_at is not None
