"""Journey: a visitor in Sunderland says "I'm interested" on a phone; the enquiry reaches Sunderland's
care academy, whose coordinator signs in with the second factor, reads it and invites the person to a
Care Certificate course; the person is told by email and can accept the place."""

from __future__ import annotations

from datetime import timedelta

import pytest

from django.utils import timezone

from ats.models import Cohort, LocalAuthority, Membership, Organisation
from cms.models import OutboxEmail
from tests.fixtures.browser import serious_axe_violations
from tests.journeys.conftest import ENQUIRER_POSTCODE, make_staff
from tests.journeys.support import answer, click, emailed_path, sees, sign_in_as_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "dan.robson@example.org"


def test_enquiry_reaches_the_councils_academy_and_the_coordinator_invites_to_a_course(
    live_server, page_at, region
):
    sunderland = LocalAuthority.objects.get(name="Sunderland")
    academy = Organisation.objects.get(kind=Organisation.Kind.ACADEMY, local_authority=sunderland)
    coordinator = make_staff(academy, Membership.Role.COORDINATOR, "cora@sunderland-academy.example")
    course = Cohort.objects.create(
        academy=academy,
        starts_on=timezone.localdate() + timedelta(days=14),
        ends_on=timezone.localdate() + timedelta(days=18),
        venue="Sunderland Civic Centre",
        capacity=12,
    )

    phone = page_at(390)
    phone.goto(f"{live_server.url}/not-sure/")
    phone.get_by_label("Your name").fill("Dan Robson")
    phone.get_by_label("Email address").fill(EMAIL)
    phone.get_by_label("Postcode").fill(ENQUIRER_POSTCODE)
    phone.get_by_label("Training to start a career in care").check()
    answer(phone, "Have you worked in care before?", "I'm new to care")
    answer(phone, "Are you 18 or over?", "Yes")
    phone.get_by_label("I agree to you passing my details on").check()
    click(phone, "button", "Send")
    assert sees(
        phone,
        "We have passed your details to Sunderland Care Academy, the care academy of your council, Sunderland",
    )
    assert "near SR1 1AA" in OutboxEmail.objects.filter(to=[EMAIL]).latest("pk").body_text

    desk = page_at(1280, 900)
    sign_in_as_staff(desk, live_server, coordinator)
    assert desk.url == f"{live_server.url}/recruit/"
    click(desk, "link", "Enquiries", exact=True)
    assert sees(desk, "Waiting for acknowledgement")
    click(desk, "link", "Dan Robson")
    assert sees(desk, "lives in Sunderland")
    assert sees(desk, "Training to start a career in care")  # their answers in their own words
    assert sees(desk, "I'm new to care")
    assert serious_axe_violations(desk) == []
    click(desk, "button", "Acknowledge: we will contact them")
    desk.get_by_label("Course").select_option(
        label=f"Care Certificate pre-employment programme, {course.starts_on:%-d %b %Y} (Sunderland Care Academy)"
    )
    click(desk, "button", "Send invitation")
    assert sees(desk, "You invited them to the course.")

    # The person is told by email, and books the place from the link without an account.
    phone.goto(live_server.url + emailed_path(EMAIL, "A place for you", r"/courses/places/\S+/"))
    assert sees(phone, "Sunderland Civic Centre")
    assert serious_axe_violations(phone) == []
    click(phone, "button", "Yes, book my place")
    assert sees(phone, "Your place is booked")

    # The coordinator sees the answer on the enquiry.
    desk.reload()
    assert sees(desk, f"Care Certificate pre-employment programme, {course.starts_on:%-d %b %Y}: Booked")
