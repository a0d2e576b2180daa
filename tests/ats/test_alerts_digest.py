"""A run fills each digest into a frame rendered once, the jobs' parts rendered once and stored
apart; people must get exactly the email the templates render (subject, both bodies, headers),
escaping included."""

import datetime
import unicodedata
from unittest import mock

import pytest
import time_machine

from django.core import mail
from django.db import transaction

from ats.alerts import digests
from ats.alerts.digests import _fill_digest, _render_jobs, digest_email, digest_jobs, send_alert_batch
from ats.alerts.matching import _JobIndex
from ats.models import Vacancy
from cms.email import EmailFrame, SlotObject, email_bodies, slot, store_parts
from cms.models import OutboxEmail, OutboxPart
from cms.tasks import drain_outbox
from tests.factories import JobAlertFactory, VacancyFactory

NOW = datetime.datetime(2026, 5, 12, 7, 0, tzinfo=datetime.UTC)
AWKWARD = 'Nights & "weekends" <b>carer</b> it\'s £13 <script>x</script>'
FIELDS = ("to", "subject", "body_text", "body_html", "headers", "attachments", "reply_to", "template")


def as_sent(email) -> dict:
    return {field: getattr(email, field) for field in FIELDS}


@pytest.fixture
def job_parts(db, settings):
    """25 jobs, and their digest parts as a run renders them and stores them in the outbox, titles
    and employers needing escaping."""
    settings.SITE_URL = "https://care.example"
    vacancies = [
        VacancyFactory(
            title=f'Carer & <support> "worker" no. {n}',
            organisation__name=f"O'Brien & Sons <{n}>",
            published_at=NOW - datetime.timedelta(minutes=n),
        )
        for n in range(25)
    ]
    index = _JobIndex([], NOW)
    _render_jobs(index, {vacancy.pk for vacancy in vacancies})
    parts = [index.emails[vacancy.pk] for vacancy in vacancies]
    return index, digest_jobs([vacancy.pk for vacancy in vacancies]), store_parts(parts)


@pytest.mark.parametrize(
    ("total", "shown", "all_url"),
    [
        (1, 1, ""),
        (20, 20, ""),
        (23, 20, "https://care.example/jobs/?q=a%26b&since=2026-05-11T07%3A00%3A00Z&x=\"<'"),
        (1234, 20, "https://care.example/jobs/?sort=newest"),
        (23, 20, ""),  # more than shown with no search link: the jobs list stands in
    ],
)
@pytest.mark.parametrize(
    "description",
    [
        AWKWARD,
        "",
        "x" * 119 + "&",  # the longest the subject shows whole
        "Care jobs " * 15,  # the subject cuts it short
        unicodedata.normalize("NFD", "Café & crèche jobs"),  # the subject normalises it
    ],
)
def test_a_digest_filled_into_the_runs_frame_is_the_email_its_templates_render(
    job_parts, settings, total, shown, all_url, description
):
    settings.SITE_URL = "https://care.example"
    index, jobs, part_ids = job_parts
    first = JobAlertFactory(email="sam@example.org", description="Made the frame" if description else "")
    alert = JobAlertFactory(email="alex@example.org", description=description)
    with time_machine.travel(NOW, tick=False):
        _fill_digest(
            index, first, part_ids[5 : 5 + shown], total if total == 1 else total + 1, all_url=all_url
        )
        filled = _fill_digest(index, alert, part_ids[:shown], total, all_url=all_url)
        rendered = digest_email(alert, total, jobs=jobs[:shown], all_url=all_url)
        stored = digest_email(alert, total, parts=part_ids[:shown], all_url=all_url)

    # Queued as a run queues it, the jobs stored once apart: sent, it is the same email.
    assert email_bodies(filled) == (rendered.body_text, rendered.body_html)
    assert email_bodies(stored) == (rendered.body_text, rendered.body_html)
    assert as_sent(filled) == as_sent(stored)
    assert (filled.to, filled.subject, filled.headers) == (rendered.to, rendered.subject, rendered.headers)
    assert filled.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_run_queues_the_digests_its_templates_render(db, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://care.example"
    with time_machine.travel(NOW, tick=False):
        for n in range(23):
            VacancyFactory(
                title=f'Carer & <support> "{n}"',
                published_at=NOW - datetime.timedelta(minutes=n + 1),
                new_to_care_welcome=n < 20,
                visa_sponsorship=n == 0,
            )
        last = NOW - datetime.timedelta(days=1)
        busy = JobAlertFactory(description=AWKWARD, last_sent_at=last)  # 23: a link to all of them
        twenty = JobAlertFactory(description=AWKWARD, criteria={"new_to_care": True}, last_sent_at=last)
        one = JobAlertFactory(description="<One> & only", criteria={"sponsorship": True}, last_sent_at=last)
        with django_capture_on_commit_callbacks(execute=True):
            assert send_alert_batch([busy.pk, twenty.pk, one.pk], NOW, run="digest test") == 3
        sent = {message.to[0]: message for message in mail.outbox}
        for alert, total in ((busy, 23), (twenty, 20), (one, 1)):
            newest = alert.deliveries.order_by("-vacancy__published_at").values_list("vacancy", flat=True)
            expected = digest_email(
                alert,
                total,
                jobs=digest_jobs(list(newest)),
                all_url=digests.search_url(alert, last, digests._slugs()) if total > 20 else "",
            )
            message = sent[alert.email]
            assert message.subject == expected.subject
            assert message.body == expected.body_text
            assert message.alternatives[0][0] == expected.body_html
            headers = dict(message.extra_headers)
            assert headers.pop("Message-ID")  # recorded before the send (cms.email, issue 22.9)
            assert headers == expected.headers


def test_a_frame_refuses_a_template_that_would_print_one_persons_value_for_everyone(db, tmp_path, settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    (tmp_path / "frame_subject.txt").write_text("{{ alert.email }}")
    (tmp_path / "frame.txt").write_text("{{ name|truncatechars:4 }}")
    with pytest.raises(LookupError):
        EmailFrame("frame", {"alert": SlotObject("alert", description=slot("description"))})
    (tmp_path / "frame_subject.txt").write_text("Hello")
    with pytest.raises(ValueError, match="filter"):
        EmailFrame("frame", {"name": slot("name")})


def test_a_digest_is_sent_as_queued_though_the_job_changes_and_the_mail_server_fails_first(
    db, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        vacancy = VacancyFactory(
            title="Senior carer & <nights>", published_at=NOW - datetime.timedelta(hours=1)
        )
        alert = JobAlertFactory(last_sent_at=NOW - datetime.timedelta(days=1))
        with (
            mock.patch(
                "django.core.mail.backends.locmem.EmailBackend.send_messages",
                side_effect=OSError("SMTP down"),
            ),
            django_capture_on_commit_callbacks(execute=True),
        ):
            assert send_alert_batch([alert.pk], NOW, run="changed") == 1
        expected = digest_email(alert, 1, jobs=digest_jobs([vacancy.pk]))
    Vacancy.objects.filter(pk=vacancy.pk).update(title="Renamed after the digest was queued")
    assert mail.outbox == [] and OutboxEmail.objects.get().attempts == 1
    assert OutboxPart.objects.count() == 1  # the job's part, stored once for every digest showing it

    with time_machine.travel(NOW + datetime.timedelta(minutes=3), tick=False):
        assert drain_outbox() == 1
        assert drain_outbox() == 0  # never twice
    [message] = mail.outbox
    assert message.body == expected.body_text
    assert message.alternatives[0][0] == expected.body_html
    assert "Senior carer &amp; &lt;nights&gt;" in message.alternatives[0][0]


def test_a_batch_after_one_that_rolled_back_stores_the_jobs_again(db, django_capture_on_commit_callbacks):
    with time_machine.travel(NOW, tick=False):
        VacancyFactory(title="Night support worker", published_at=NOW - datetime.timedelta(hours=1))
        first = JobAlertFactory(email="first@example.org", last_sent_at=NOW - datetime.timedelta(days=1))
        second = JobAlertFactory(email="second@example.org", last_sent_at=NOW - datetime.timedelta(days=1))
        with pytest.raises(RuntimeError), transaction.atomic():
            send_alert_batch([first.pk], NOW, run="retried")
            raise RuntimeError("the worker was lost before the batch committed")
        assert not OutboxPart.objects.exists()
        with django_capture_on_commit_callbacks(execute=True):
            assert send_alert_batch([first.pk, second.pk], NOW, run="retried") == 2

    assert sorted(message.to[0] for message in mail.outbox) == ["first@example.org", "second@example.org"]
    assert all("Night support worker" in message.body for message in mail.outbox)
