"""Issue 21.6: a full postcode names its council and the council's own academy takes the person;
distance decides only where the council is really unknown; people outside the 12 councils are told
so honestly, and nobody is sent further than they said they would travel without being told.
Real postcodes from the shipped reference data (OS Code-Point Open 2025.4.0) through the real enquiry form."""

import pytest

from django.core import mail

from ats.models import Enquiry, Organisation, RoutingDecision, RoutingRule
from ats.routing.decide import explain
from ats.routing.services import unrouted_enquiries
from ats.routing.subjects import subject_from_answers
from tests.ats.jobseeker_fixtures import eager_tasks, site  # noqa: F401
from tests.ats.routing_support import geography_fixture  # noqa: F401

pytestmark = [
    pytest.mark.django_db(transaction=True),  # routing runs after commit, before the page is shown
    pytest.mark.usefixtures("site", "eager_tasks", "geography"),
]

ANSWERS = {
    "name": "Sam Example",
    "email": "sam@example.org",
    "experience": "none",
    "over_18": "yes",
    "consent": "on",
}


def send_enquiry(client, postcode: str, **answers):
    response = client.post("/not-sure/", {**ANSWERS, "postcode": postcode, **answers})
    assert response.status_code == 200, response.content.decode()
    return response.content.decode(), Enquiry.objects.get(email=ANSWERS["email"])


def confirmation_email():
    return next(m for m in mail.outbox if m.to == [ANSWERS["email"]])


def test_a_full_postcode_on_a_border_goes_to_its_own_councils_academy_not_the_nearer_one(client):
    # DH3 2AA is in County Durham; DH3 is split with Gateshead, whose academy is nearer.
    page, enquiry = send_enquiry(client, "DH3 2AA")

    decision = RoutingDecision.objects.get(enquiry=enquiry)
    assert decision.destination.name == "County Durham Care Academy"
    assert "the care academy of your council, County Durham" in page
    assert "Gateshead" not in page
    assert "the care academy of your council, County Durham" in confirmation_email().body


def test_an_outside_region_enquiry_is_kept_unrouted_and_the_person_is_told_what_they_can_do(client):
    # Carlisle (Cumberland) is outside the 12 councils; the nearest academy is about 50 miles away.
    page, enquiry = send_enquiry(client, "ca1 1aa", max_travel_miles="10")

    assert enquiry.max_travel_miles == 10
    assert not RoutingDecision.objects.exists()
    assert list(unrouted_enquiries()) == [enquiry]  # the regional admins' queue
    for text in (page, confirmation_email().body):
        assert "outside the area of the 12 North East councils" in text
        assert "/events/" in text  # online sessions
        assert "/jobs/?postcode=CA1+1AA&amp;radius=10" in text or "/jobs/?postcode=CA1+1AA&radius=10" in text
        assert "local care academy" not in text
        assert "Care Academy" not in text


def test_an_admins_rule_may_send_outside_people_far_away_but_everyone_is_told_it_is_too_far(client):
    RoutingRule.objects.create(
        name="Outside the region: the nearest academy",
        order=95,
        area="outside_region",
        action="nearest_academy",
    )

    page, enquiry = send_enquiry(client, "CA1 1AA", max_travel_miles="10")

    decision = RoutingDecision.objects.get(enquiry=enquiry)
    assert decision.destination.name == "Northumberland Care Academy"
    assert decision.distance_miles > 10
    assert "further than the 10 miles they said they would travel" in decision.reason
    assert "outside the area of the 12 North East councils" in page
    assert "further than the 10 miles you said you could travel" in page
    assert "your council" not in page


def test_the_distance_the_person_gives_is_kept_and_used_for_their_job_search_link(client):
    page, enquiry = send_enquiry(client, "NE1 1AD", max_travel_miles="5")

    assert enquiry.max_travel_miles == 5
    assert "/jobs/?postcode=NE1+1AD&amp;radius=5" in page
    assert "Newcastle upon Tyne Care Academy" in page


def test_a_bad_travel_distance_is_refused_and_nothing_is_stored(client):
    response = client.post("/not-sure/", {**ANSWERS, "postcode": "NE1 1AD", "max_travel_miles": "5000"})

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Enquiry.objects.exists()


def test_outside_the_region_with_a_ten_mile_limit_no_default_rule_finds_anyone():
    plan, trace = explain(subject_from_answers("CA1 1AA", max_travel_miles=10))

    assert plan is None
    assert trace[-1] == "No rule found a destination."
    assert Organisation.objects.filter(kind=Organisation.Kind.ACADEMY).count() == 12
