"""References online: referees asked at offer (or sooner) through a single-use, expiring signed
link, chased, seen on the application; candidates told when each arrives, and asked for referees
when they gave none."""

import re
from datetime import timedelta

import pytest
import time_machine

from django.core import mail
from django.utils import timezone

from ats.models import CheckEvent, ReferenceRequest
from ats.pipeline.offers import make_offer
from ats.pipeline.tasks import chase_references
from tests.factories import ApplicationFactory, UserFactory, VacancyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]

REFEREES = [
    {"name": "Helen Manager", "relationship": "My manager at Tesco", "contact": "helen@tesco.example"},
    {"name": "Pat Tutor", "relationship": "College tutor", "contact": "pat@college.example"},
]
ANSWERS = {
    "known_from": "2021-03-01",
    "known_to": "2024-06-30",
    "role": "Customer assistant",
    "unsuitable": "no",
    "disciplinary": "no",
    "re_employ": "yes",
    "comments": "Kind and reliable.",
    "confirm": "on",
}


@pytest.fixture
def vacancy(employer_a):
    return VacancyFactory(organisation=employer_a, title="Home care worker")


def applicant(vacancy, referees=REFEREES, **traits):
    user = UserFactory(first_name="Amira", last_name="Begum", email="amira@example.org")
    return ApplicationFactory(
        vacancy=vacancy,
        candidate=user,
        snapshot={"name": "Amira Begum", "email": "amira@example.org", "referees": referees},
        **traits,
    )


def link_in(email) -> str:
    return (
        re.search(r"http://[^\s]+/references/[^\s]+/", email.body)
        .group(0)
        .split("testserver")[-1]
        .split("127.0.0.1:8000")[-1]
    )


def offer(app, recruiter, capture):
    with capture(execute=True):
        make_offer(app, by=recruiter, expected_stage="interview")
    return {email.to[0]: email for email in mail.outbox}


def test_an_offer_asks_each_referee_by_email_with_a_link(
    recruiter_a, vacancy, django_capture_on_commit_callbacks
):
    app = applicant(vacancy, interview=True)

    sent = offer(app, recruiter_a, django_capture_on_commit_callbacks)

    assert set(sent) == {"helen@tesco.example", "pat@college.example", "amira@example.org"}
    assert sent["helen@tesco.example"].subject == "Reference for Amira Begum"
    assert "/references/" in sent["helen@tesco.example"].body
    assert list(app.reference_requests.values_list("number", "referee_name")) == [
        (1, "Helen Manager"),
        (2, "Pat Tutor"),
    ]


def test_the_referee_answers_once_and_the_candidate_and_recruiter_see_it_arrive(
    client, recruiter_a, vacancy, django_capture_on_commit_callbacks
):
    app = applicant(vacancy, interview=True)
    sent = offer(app, recruiter_a, django_capture_on_commit_callbacks)
    url = link_in(sent["helen@tesco.example"])
    mail.outbox.clear()

    page = client.get(url)
    assert "Reference for Amira Begum" in page.content.decode()
    assert "regulated activity" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, ANSWERS, follow=True)

    assert "your reference was sent on" in response.content.decode()
    request = ReferenceRequest.objects.get(number=1)
    assert request.received_at is not None
    assert ["Their job title or role", "Customer assistant"] in request.answers["rows"]
    (told,) = mail.outbox
    assert told.to == ["amira@example.org"]
    assert told.subject == "Your reference from Helen Manager has arrived"
    assert "Kind and reliable" not in told.body
    history = [c for e in CheckEvent.objects.filter(check_item__kind="reference_1") for c in e.changes]
    assert ["reference", "", "received from Helen Manager"] in history

    again = client.post(url, {**ANSWERS, "role": "Changed"})
    assert again.status_code == 400
    assert "The link works only once" in again.content.decode()
    request.refresh_from_db()
    assert ["Their job title or role", "Customer assistant"] in request.answers["rows"]

    client.force_login(recruiter_a)
    html = client.get(f"/recruit/applications/{app.public_id}/").content.decode()
    assert "Kind and reliable." in html
    assert "Waiting for the referee" in html  # Pat has not answered


def test_bad_answers_are_explained_and_nothing_is_saved(
    client, recruiter_a, vacancy, django_capture_on_commit_callbacks
):
    app = applicant(vacancy, interview=True)
    url = link_in(offer(app, recruiter_a, django_capture_on_commit_callbacks)["helen@tesco.example"])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = client.post(url, {**ANSWERS, "known_from": tomorrow, "unsuitable": "yes"})

    html = response.content.decode()
    assert response.status_code == 400
    assert "The start date cannot be in the future." in html
    assert "Give details of what you answered yes to." in html
    assert ReferenceRequest.objects.get(number=1).received_at is None


def test_an_expired_or_altered_link_does_not_work(
    client, recruiter_a, vacancy, django_capture_on_commit_callbacks
):
    app = applicant(vacancy, interview=True)
    url = link_in(offer(app, recruiter_a, django_capture_on_commit_callbacks)["helen@tesco.example"])

    assert client.get(url[:-3] + "xx/").status_code == 404
    with time_machine.travel(timezone.now() + timedelta(days=22)):
        response = client.post(url, ANSWERS)
    assert response.status_code in (400, 404)
    assert ReferenceRequest.objects.get(number=1).received_at is None


def test_referees_who_have_not_answered_are_chased_twice(
    recruiter_a, vacancy, django_capture_on_commit_callbacks
):
    app = applicant(vacancy, interview=True)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        offer(app, recruiter_a, django_capture_on_commit_callbacks)
    ReferenceRequest.objects.filter(number=2).update(received_at=start)  # Pat answered
    mail.outbox.clear()

    for days in (1, 3, 4, 6, 9, 12):
        with (
            time_machine.travel(start + timedelta(days=days, minutes=1), tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            chase_references.delay()

    assert [email.subject for email in mail.outbox] == ["Reminder: Reference for Amira Begum"] * 2
    assert {email.to[0] for email in mail.outbox} == {"helen@tesco.example"}


def test_with_no_referees_the_candidate_is_asked_for_them(
    client, recruiter_a, vacancy, jobseeker, django_capture_on_commit_callbacks
):
    app = applicant(vacancy, referees=[], interview=True)
    sent = offer(app, recruiter_a, django_capture_on_commit_callbacks)
    assert set(sent) == {"amira@example.org"}
    asking = next(email for email in mail.outbox if email.subject == "Your referees for Home care worker")
    url = f"/applications/{app.public_id}/referees/"
    assert url in asking.body

    client.force_login(jobseeker)
    assert client.get(url).status_code == 404  # someone else's application

    client.force_login(app.candidate)
    mail.outbox.clear()
    missing = client.post(url, {"referee_1_name": "Helen Manager"})
    assert missing.status_code == 200 and "This field is required" in missing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {
                "referee_1_name": "Helen Manager",
                "referee_1_relationship": "Manager",
                "referee_1_email": "helen@tesco.example",
                "referee_2_name": "Pat Tutor",
                "referee_2_relationship": "Tutor",
                "referee_2_email": "pat@college.example",
            },
        )
    assert sorted(email.to[0] for email in mail.outbox) == ["helen@tesco.example", "pat@college.example"]
    assert "Helen Manager (Manager): asked on" in client.get(url).content.decode()


def test_the_employer_can_ask_sooner_and_another_organisation_cannot(
    client, recruiter_a, recruiter_b, vacancy, django_capture_on_commit_callbacks
):
    app = applicant(vacancy, shortlisted=True)
    client.force_login(recruiter_b)
    assert client.post(f"/recruit/applications/{app.public_id}/references/").status_code == 404
    assert not ReferenceRequest.objects.exists()

    client.force_login(recruiter_a)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(f"/recruit/applications/{app.public_id}/references/", follow=True)

    assert "Reference requests emailed to Helen Manager, Pat Tutor." in page.content.decode()
    assert len(mail.outbox) == 2
    app.stage = "interview"
    app.save()
    mail.outbox.clear()
    offer(app, recruiter_a, django_capture_on_commit_callbacks)
    assert ReferenceRequest.objects.count() == 2  # not asked twice
    assert {email.to[0] for email in mail.outbox} == {"amira@example.org"}
