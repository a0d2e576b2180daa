"""A course invitation reaches the person: an email with the course and a link to book or give back
the place without an account; a forged or finished link changes nothing."""

import re
from datetime import timedelta

import pytest

from django.utils import timezone

from ats.models import Cohort, Enrolment
from ats.routing import academy as academy_service
from cms.models import OutboxEmail
from tests.factories import EnquiryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(academy):
    cohort = Cohort.objects.create(
        academy=academy,
        starts_on=timezone.localdate() + timedelta(days=10),
        ends_on=timezone.localdate() + timedelta(days=12),
        venue="Civic Centre, Room 4",
        capacity=12,
    )
    enquiry = EnquiryFactory(name="Dan Robson", email="dan@example.org")
    enrolment = academy_service.invite(cohort, enquiry=enquiry)
    return enrolment, OutboxEmail.objects.get(to=["dan@example.org"])


def path_in(email) -> str:
    return re.search(r"https?://[^/\s]+(/courses/places/\S+/)", email.body_text).group(1)


def test_the_invited_person_is_emailed_the_course_and_a_link(invitation):
    _, email = invitation
    assert (
        email.subject
        == "A place for you: Care Certificate pre-employment programme with Newcastle Care Academy"
    )
    assert "Hello Dan Robson" in email.body_text
    assert "Civic Centre, Room 4" in email.body_text
    assert "/courses/places/" in email.body_text


def test_the_person_books_the_place_from_the_link(client, invitation):
    enrolment, email = invitation
    page = client.get(path_in(email))
    assert page.status_code == 200
    assert "Civic Centre, Room 4" in page.content.decode()

    response = client.post(path_in(email), {"answer": "yes"}, follow=True)

    assert "Your place is booked" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.BOOKED


def test_the_person_gives_the_place_back(client, invitation):
    enrolment, email = invitation
    client.post(path_in(email), {"answer": "no"})
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.WITHDRAWN
    assert enrolment.cohort.places_left == 12


def test_a_forged_link_is_not_found(client, invitation):
    enrolment, _ = invitation
    assert client.get("/courses/places/" + str(enrolment.pk) + ":forged/").status_code == 404
    assert (
        client.post("/courses/places/" + str(enrolment.pk) + ":forged/", {"answer": "no"}).status_code == 404
    )
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.INVITED


def test_a_finished_course_cannot_be_given_back_from_the_link(client, invitation):
    enrolment, email = invitation
    for step in (Enrolment.Status.ATTENDED, Enrolment.Status.COMPLETED):
        academy_service.move_enrolment(enrolment, step)

    response = client.post(path_in(email), {"answer": "no"})

    assert response.status_code == 400
    assert "no longer open" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
