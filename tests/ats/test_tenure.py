"""After a hire: the start is recorded, and at 3, 6 and 12 months the employer is asked "still in
post?" by email (signed links, no sign-in) and in the portal. (Not data retention: that is
tests/ats/test_retention.py.)"""

import re
from datetime import date, datetime

import pytest
import time_machine

from django.core import mail
from django.utils import timezone

from ats.insight.tasks import send_tenure_checks
from ats.insight.tenure import add_months, record_start
from ats.models import Start, TenureCheck
from tests.factories import ApplicationFactory, MembershipFactory, VacancyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]

LONDON = timezone.get_default_timezone()


@pytest.fixture
def hired(employer_a, recruiter_a):
    vacancy = VacancyFactory(organisation=employer_a, title="Home care worker")
    return ApplicationFactory(
        vacancy=vacancy, hired=True, snapshot={"name": "Priya Shah", "email": "p@example.org"}
    )


def at(day: date, hour: int = 9):
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def test_months_are_added_to_the_same_day_or_the_end_of_a_shorter_month():
    assert add_months(date(2026, 1, 15), 3) == date(2026, 4, 15)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_recruiter_records_a_start_and_three_questions_are_scheduled(client, recruiter_a, hired):
    client.force_login(recruiter_a)
    page = client.get(f"/recruit/applications/{hired.public_id}/")
    assert "Did they start work?" in page.content.decode()

    response = client.post(
        f"/recruit/applications/{hired.public_id}/start/",
        {"started": "yes", "start_date": "2026-01-15"},
        follow=True,
    )
    html = response.content.decode()
    assert "Started work on 15 January 2026." in html
    assert [(c.months, c.due_on) for c in TenureCheck.objects.order_by("months")] == [
        (3, date(2026, 4, 15)),
        (6, date(2026, 7, 15)),
        (12, date(2027, 1, 15)),
    ]


def test_a_start_without_a_date_or_a_no_start_without_a_reason_changes_nothing(client, recruiter_a, hired):
    client.force_login(recruiter_a)
    url = f"/recruit/applications/{hired.public_id}/start/"
    response = client.post(url, {"started": "yes", "start_date": ""}, follow=True)
    assert "Their start was not recorded: Enter the date they started." in response.content.decode()
    response = client.post(url, {"started": "no"}, follow=True)
    assert "Choose why they did not start." in response.content.decode()
    assert not Start.objects.exists()


def test_did_not_start_is_recorded_with_its_reason_and_asks_nothing(client, recruiter_a, hired):
    client.force_login(recruiter_a)
    client.post(
        f"/recruit/applications/{hired.public_id}/start/", {"started": "no", "no_start_reason": "another_job"}
    )
    start = Start.objects.get()
    assert (start.outcome, start.no_start_reason) == ("did_not_start", "another_job")
    assert not TenureCheck.objects.exists()
    page = client.get(f"/recruit/applications/{hired.public_id}/").content.decode()
    assert "Did not start: Took another job." in page


def test_viewer_and_other_employer_cannot_record_a_start(client, viewer_a, recruiter_b, hired):
    client.force_login(viewer_a)
    assert (
        client.post(f"/recruit/applications/{hired.public_id}/start/", {"started": "no"}).status_code == 403
    )
    client.force_login(recruiter_b)
    assert (
        client.post(f"/recruit/applications/{hired.public_id}/start/", {"started": "no"}).status_code == 404
    )
    assert not Start.objects.exists()


def test_a_start_cannot_be_recorded_before_the_hire(recruiter_a, employer_a):
    from ats.insight.tenure import TenureError

    app = ApplicationFactory(vacancy=VacancyFactory(organisation=employer_a), checks=True)
    with pytest.raises(TenureError):
        record_start(app, by=recruiter_a, started=True, start_date=date(2026, 1, 1))


def _email_links(message):
    return re.findall(r"https?://[^/\s]+(/in-post/\S+)", message.body)


def test_the_beat_task_asks_each_due_question_once_on_its_day(
    client, recruiter_a, employer_a, hired, django_capture_on_commit_callbacks
):
    MembershipFactory(organisation=employer_a, role="viewer", user__email="viewer@alpha.example")
    record_start(hired, by=recruiter_a, started=True, start_date=date(2026, 1, 15))

    with time_machine.travel(at(date(2026, 4, 14)), tick=False):
        assert send_tenure_checks() == 0
    assert mail.outbox == []

    with (
        time_machine.travel(at(date(2026, 4, 15)), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        send_tenure_checks()
        send_tenure_checks()  # beat running twice asks nothing twice
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rita@alpha.example"]  # recruiters and admins, not viewers
    assert message.subject == "Is Priya Shah still working for you as Home care worker?"
    in_post, left = _email_links(message)
    assert in_post.endswith("?answer=in_post") and left.endswith("?answer=left")

    # Opening the link records nothing (mail scanners open links); one button confirms, signed out.
    with time_machine.travel(at(date(2026, 4, 16)), tick=False):
        client.logout()
        page = client.get(in_post)
        assert "Is Priya Shah still in post?" in page.content.decode()
        assert TenureCheck.objects.get(months=3).answer == ""
        response = client.post(in_post, {"answer": "in_post"})
        assert "You told us Priya Shah is still in post at 3 months." in response.content.decode()
        assert TenureCheck.objects.get(months=3).answer == "in_post"
        # The same link again: already answered, nothing changes.
        response = client.post(left, {"answer": "left", "left_reason": "pay"})
        assert "already been answered" in response.content.decode()
        assert TenureCheck.objects.get(months=3).answer == "in_post"


def test_a_tampered_link_is_not_found(client):
    assert client.get("/in-post/not-a-real-token/").status_code == 404


def test_left_needs_a_reason_and_answers_the_later_questions(
    client, recruiter_a, hired, django_capture_on_commit_callbacks
):
    record_start(hired, by=recruiter_a, started=True, start_date=date(2026, 1, 15))
    with time_machine.travel(at(date(2026, 7, 16)), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            send_tenure_checks()
        # 3 and 6 months both due: two emails, one each.
        links = {m.subject: _email_links(m) for m in mail.outbox}
        assert len(mail.outbox) == 2
        six = next(
            link for m in mail.outbox for link in _email_links(m) if "left" in link and "6 months" in m.body
        )
        response = client.post(six, {"answer": "left"})
        assert response.status_code == 400
        assert "Choose why they left" in response.content.decode()
        assert TenureCheck.objects.filter(answer="").count() == 3
        client.post(six, {"answer": "left", "left_reason": "hours"})
    answers = dict(TenureCheck.objects.values_list("months", "answer"))
    assert answers == {3: "", 6: "left", 12: "left"}
    assert links  # both emails named


def test_portal_lists_what_is_due_for_own_organisation_only(client, recruiter_a, recruiter_b, hired):
    record_start(hired, by=recruiter_a, started=True, start_date=date(2026, 1, 15))
    check = TenureCheck.objects.get(months=3)
    with time_machine.travel(at(date(2026, 4, 20)), tick=False):
        client.force_login(recruiter_b)
        assert "Priya Shah" not in client.get("/recruit/insight/in-post/").content.decode()
        assert (
            client.post(f"/recruit/insight/in-post/{check.public_id}/", {"answer": "left"}).status_code == 404
        )

        client.force_login(recruiter_a)
        page = client.get("/recruit/insight/in-post/").content.decode()
        assert "Priya Shah: Home care worker" in page
        response = client.post(
            f"/recruit/insight/in-post/{check.public_id}/", {"answer": "in_post"}, follow=True
        )
        assert "your answer about Priya Shah is recorded" in response.content.decode()
        assert "Nothing is due." in response.content.decode()
    assert TenureCheck.objects.get(months=3).answer == "in_post"
