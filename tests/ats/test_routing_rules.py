"""The routing engine and its default rules, with real postcodes (border ones included)."""

from decimal import Decimal

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ats.models import Organisation, RoutingCapacity, RoutingDecision, RoutingRule
from ats.places.postcodes import lookup
from ats.routing.decide import decide
from ats.routing.services import route_application, route_enquiry
from ats.routing.subjects import subject_for_enquiry
from tests.ats.routing_support import geography_fixture  # noqa: F401
from tests.factories import (
    ApplicationFactory,
    CandidateProfileFactory,
    EnquiryFactory,
    LocationFactory,
    OrganisationFactory,
    RoleFactory,
    VacancyFactory,
)


def enquiry_at(postcode: str, **answers):
    """An enquiry as the enquiry form saves it: postcode looked up to a position and council."""
    place = lookup(postcode)
    return EnquiryFactory(
        postcode=place.query,
        latitude=place.latitude,
        longitude=place.longitude,
        local_authority=place.local_authority,
        **answers,
    )


def provider_near(postcode: str, name: str, *, role_slug="care-worker", **vacancy):
    place = lookup(postcode)
    org = OrganisationFactory(name=name)
    location = LocationFactory(
        organisation=org, postcode=place.query, latitude=place.latitude, longitude=place.longitude
    )
    VacancyFactory(
        organisation=org,
        role=RoleFactory(name=role_slug.replace("-", " ").capitalize(), slug=role_slug),
        locations=[location],
        **vacancy,
    )
    return org


def test_new_to_care_goes_to_their_home_councils_academy(geography):
    decision = route_enquiry(enquiry_at(geography["newcastle"], experience="none"))

    assert decision.destination.name == "Newcastle upon Tyne Care Academy"
    assert decision.rule_name == "New to care: their home council's care academy"
    assert "lives in Newcastle upon Tyne" in decision.reason
    assert "new to care" in decision.reason


def test_routing_twice_keeps_the_first_decision(geography):
    enquiry = enquiry_at(geography["sunderland"])

    first = route_enquiry(enquiry)
    second = route_enquiry(enquiry)

    assert first == second
    assert RoutingDecision.objects.filter(enquiry=enquiry).count() == 1
    assert first.destination.name == "Sunderland Care Academy"


def test_experienced_goes_to_a_matching_provider_within_their_travel_distance(geography):
    near = provider_near(geography["newcastle"], "Quayside Care", new_to_care_welcome=False)
    provider_near(geography["north_yorkshire"], "Far Away Care")  # 50 miles off
    enquiry = enquiry_at(
        geography["newcastle"], experience="experienced", interests=["care-worker"], max_travel_miles=10
    )

    decision = route_enquiry(enquiry)

    assert decision.destination == near
    assert decision.rule_name == "Experienced: matching providers within their travel distance"
    assert "matches what they want" in decision.reason


def test_experienced_with_nothing_in_reach_falls_back_to_their_home_academy(geography):
    provider_near(geography["north_yorkshire"], "Far Away Care")
    enquiry = enquiry_at(
        geography["newcastle"], experience="experienced", interests=["care-worker"], max_travel_miles=5
    )

    decision = route_enquiry(enquiry)

    assert decision.rule_name == "Everyone else in the region: their home council's care academy"
    assert decision.destination.name == "Newcastle upon Tyne Care Academy"


def test_provider_whose_job_needs_a_driver_is_skipped_for_a_non_driver(geography):
    provider_near(geography["newcastle"], "Driving Care", driving_required=True)
    walker = enquiry_at(geography["newcastle"], experience="some", interests=["care-worker"], driving=False)
    driver = enquiry_at(geography["newcastle"], experience="some", interests=["care-worker"], driving=True)

    assert route_enquiry(walker).destination.kind == Organisation.Kind.ACADEMY
    assert route_enquiry(driver).destination.name == "Driving Care"


def test_nhs_interest_goes_to_a_trust_with_live_agenda_for_change_posts(geography):
    trust = Organisation.objects.get(kind=Organisation.Kind.NHS_TRUST, ods_code="RTF")
    VacancyFactory(organisation=trust, afc_band="3", locations=list(trust.locations.all()))
    enquiry = enquiry_at(geography["newcastle"], nhs_interest=True)

    decision = route_enquiry(enquiry)

    assert decision.destination == trust
    assert "Agenda for Change" in decision.reason
    assert "interested in working for the NHS" in decision.reason


def test_nhs_interest_without_any_afc_post_goes_to_the_academy(geography):
    trust = Organisation.objects.get(kind=Organisation.Kind.NHS_TRUST, ods_code="RTF")
    VacancyFactory(organisation=trust, afc_band="")  # not an AfC post

    decision = route_enquiry(enquiry_at(geography["newcastle"], nhs_interest=True))

    assert decision.destination.name == "Newcastle upon Tyne Care Academy"


@pytest.mark.parametrize(
    ("key", "academy"),
    [
        ("dh3_durham", "County Durham Care Academy"),  # Gateshead's academy is nearer
        ("dh3_gateshead", "Gateshead Care Academy"),
        ("ne13_north_tyneside", "North Tyneside Care Academy"),  # Newcastle's academy is nearer
        ("ts21_stockton", "Stockton-on-Tees Care Academy"),
        ("ts21_durham", "County Durham Care Academy"),
        ("dl2_darlington", "Darlington Care Academy"),
        ("dl2_durham", "County Durham Care Academy"),
    ],
)
def test_a_full_postcode_near_a_border_goes_to_its_own_councils_academy(geography, key, academy):
    decision = route_enquiry(enquiry_at(geography[key]))

    assert decision.rule_name == "New to care: their home council's care academy"
    assert decision.destination.name == academy
    assert "sent to their council's care academy" in decision.reason


def test_a_district_only_postcode_on_a_border_goes_to_the_nearest_academy(geography):
    # DH3 alone: County Durham 0.54 / Gateshead 0.45, so the council is not known and distance
    # decides: Sunderland's academy (at its council's centroid) is the nearest to the district's centre.
    decision = route_enquiry(enquiry_at("DH3"))

    assert decision.rule_name.startswith("Council not known (district-only postcode on a border)")
    assert decision.destination.name == "Sunderland Care Academy"
    assert "their council is not known (only their postcode district, DH3, is" in decision.reason


def test_home_academy_full_goes_to_the_nearest_academy_with_room(geography):
    home = Organisation.objects.get(name="Newcastle upon Tyne Care Academy")
    RoutingCapacity.objects.filter(organisation=home).update(per_week=2)

    decisions = [route_enquiry(enquiry_at(geography["newcastle"])) for _ in range(3)]

    assert [d.destination.name for d in decisions[:2]] == [home.name, home.name]
    assert decisions[2].destination.name == "Gateshead Care Academy"
    assert decisions[2].rule_name == (
        "Everyone else in the region, home academy full: the nearest care academy with room"
    )
    assert "their home academy is full this week" in decisions[2].reason


@pytest.mark.parametrize("key", ["carlisle", "north_yorkshire"])
def test_outside_the_region_no_default_rule_sends_them_to_an_academy(geography, key):
    from ats.routing.services import unrouted_enquiries

    enquiry = enquiry_at(geography[key])

    assert route_enquiry(enquiry) is None
    assert list(unrouted_enquiries()) == [enquiry]  # the regional admins' queue


def test_inactive_rule_is_ignored(geography):
    RoutingRule.objects.filter(action="home_academy").update(active=False)

    decision = route_enquiry(enquiry_at(geography["sunderland"]))

    assert decision.rule_name == (
        "Everyone else in the region, home academy full: the nearest care academy with room"
    )


def test_named_organisation_rule_for_a_council(geography):
    partner = OrganisationFactory(name="Sunderland Care Partnership")
    rule = RoutingRule.objects.create(
        name="Sunderland pilot", order=1, action="organisation", organisation=partner
    )
    rule.councils.set([lookup(geography["sunderland"]).local_authority])

    assert route_enquiry(enquiry_at(geography["sunderland"])).destination == partner
    assert route_enquiry(enquiry_at(geography["newcastle"])).destination != partner


def test_min_hours_and_driving_conditions(geography):
    partner = OrganisationFactory(name="Full-time drivers")
    RoutingRule.objects.create(
        name="Full-time drivers",
        order=1,
        action="organisation",
        organisation=partner,
        min_hours=30,
        requires_driving=True,
    )

    assert (
        route_enquiry(enquiry_at(geography["newcastle"], hours_wanted=37, driving=True)).destination
        == partner
    )
    assert (
        route_enquiry(enquiry_at(geography["newcastle"], hours_wanted=16, driving=True)).destination
        != partner
    )
    assert (
        route_enquiry(enquiry_at(geography["newcastle"], hours_wanted=37, driving=False)).destination
        != partner
    )


def test_same_inputs_and_state_give_the_same_decision(geography):
    for name in ["Care A", "Care B", "Care C"]:
        provider_near(geography["newcastle"], name)
    enquiry = enquiry_at(geography["newcastle"], experience="some", interests=["care-worker"])
    subject = subject_for_enquiry(enquiry)

    plans = {decide(subject).destination.pk for _ in range(5)}

    assert len(plans) == 1


IN_LINE = 1 if connection.vendor == "postgresql" else 0  # routing._serialise_reservations


def test_a_decision_uses_a_bounded_number_of_queries(geography):
    for index in range(3):
        provider_near(geography["newcastle"], f"Small {index}")
    enquiry = enquiry_at(geography["newcastle"], experience="some", interests=["care-worker"])
    with CaptureQueriesContext(connection) as few:
        route_enquiry(enquiry)
    for index in range(30):
        provider_near(geography["newcastle"], f"Many {index}")
    for _ in range(20):
        route_enquiry(enquiry_at(geography["newcastle"], experience="some", interests=["care-worker"]))
    enquiry = enquiry_at(geography["newcastle"], experience="some", interests=["care-worker"])
    with CaptureQueriesContext(connection) as many:
        route_enquiry(enquiry)

    assert len(many) == len(few)
    # savepoint, enquiry locked (with "already routed?"), rules with their councils, vacancies,
    # loads with the organisations, destination locked, its week counted again, decision, event,
    # recipients, release. No border look-up: no border rule is reached. On PostgreSQL one more: the
    # advisory lock routings wait in line on before locking a destination.
    assert len(many) <= 11 + IN_LINE, "\n".join(q["sql"][:100] for q in many.captured_queries)


def test_an_academy_decision_uses_a_bounded_number_of_queries(geography):
    route_enquiry(enquiry_at(geography["dh3_durham"]))
    enquiry = enquiry_at(geography["dh3_durham"])
    with CaptureQueriesContext(connection) as few:
        route_enquiry(enquiry)
    for academy in Organisation.objects.filter(kind=Organisation.Kind.ACADEMY):
        for _ in range(3):
            LocationFactory(organisation=academy, postcode="DH3 3AA", latitude=54.85392, longitude=-1.57397)
    for _ in range(20):
        route_enquiry(enquiry_at(geography["dh3_durham"]))
    enquiry = enquiry_at(geography["dh3_durham"])
    with CaptureQueriesContext(connection) as many:
        route_enquiry(enquiry)

    assert len(many) == len(few)
    # savepoint, enquiry, rules, border district, academies with sites and loads, lock, count,
    # decision, event, recipients, release (and the advisory lock on PostgreSQL).
    assert len(many) <= 11 + IN_LINE, "\n".join(q["sql"][:100] for q in many.captured_queries)


def test_new_to_care_applicant_is_routed_to_their_academy_and_experienced_is_not(geography):
    place = lookup(geography["sunderland"])
    new = CandidateProfileFactory(
        postcode=place.query,
        latitude=place.latitude,
        longitude=place.longitude,
        local_authority=place.local_authority,
        experience="none",
    ).user
    old = CandidateProfileFactory(experience="experienced").user
    vacancy = VacancyFactory(pay_min=Decimal("12.60"))

    decision = route_application(ApplicationFactory(vacancy=vacancy, candidate=new))

    assert decision.destination.name == "Sunderland Care Academy"
    assert decision.application.candidate == new
    assert route_application(ApplicationFactory(vacancy=vacancy, candidate=old)) is None


def test_an_applicant_who_has_not_answered_how_old_they_are_is_not_routed_as_under_18(geography):
    """A profile's over_18 is False until its eligibility questions are answered: that is no answer,
    so under-18 rules do not take them and the recruiter is not told they are under 18."""
    from ats.models import RoutingDecision

    place = lookup(geography["sunderland"])

    def applicant(**eligibility):
        return CandidateProfileFactory(
            postcode=place.query,
            latitude=place.latitude,
            longitude=place.longitude,
            local_authority=place.local_authority,
            experience="none",
            **eligibility,
        ).user

    vacancy = VacancyFactory(pay_min=Decimal("12.60"))
    not_answered = route_application(
        ApplicationFactory(vacancy=vacancy, candidate=applicant(right_to_work="", over_18=False))
    )
    young = route_application(
        ApplicationFactory(vacancy=vacancy, candidate=applicant(right_to_work="yes", over_18=False))
    )

    assert not_answered.rule_name != "Under 18: their home council's care academy"
    assert "under 18" not in not_answered.reason and "age not given yet" in not_answered.reason
    assert young.rule_name == "Under 18: their home council's care academy"
    assert "under 18" in young.reason
    assert RoutingDecision.objects.count() == 2


def test_seeding_again_keeps_admin_edits_and_adds_no_duplicates(geography):
    import io

    from ats.demo import seed_routing

    RoutingRule.objects.filter(action="home_academy").update(capacity_per_week=7)
    seed_routing(io.StringIO())

    assert RoutingRule.objects.count() == 7
    assert set(
        RoutingRule.objects.filter(action="home_academy").values_list("capacity_per_week", flat=True)
    ) == {7}


def test_the_routing_task_routes_an_enquiry_once(geography):
    from ats.routing.tasks import route_enquiry_task

    enquiry = enquiry_at(geography["sunderland"])

    first = route_enquiry_task.delay(enquiry.pk).get()
    second = route_enquiry_task.delay(enquiry.pk).get()

    assert first == second
    assert RoutingDecision.objects.get(pk=first).destination.name == "Sunderland Care Academy"


# --- Age ---------------------------------------------------------------------------------------------


def test_under_18_goes_to_their_academy_with_a_reason_saying_so(geography):
    provider_near(geography["newcastle"], "Quayside Care")
    decision = route_enquiry(
        enquiry_at(geography["newcastle"], over_18=False, experience="experienced", interests=["care-worker"])
    )

    assert decision.rule_name == "Under 18: their home council's care academy"
    assert decision.destination.name == "Newcastle upon Tyne Care Academy"
    assert "under 18" in decision.reason
    assert "Most care jobs start at 18" in decision.reason


def test_18_plus_rules_never_take_someone_under_18(geography):
    provider_near(geography["newcastle"], "Quayside Care")
    RoutingRule.objects.filter(age="under_18").update(active=False)
    answers = {"experience": "experienced", "interests": ["care-worker"]}

    adult = route_enquiry(enquiry_at(geography["newcastle"], over_18=True, **answers))
    young = route_enquiry(enquiry_at(geography["newcastle"], over_18=False, **answers))

    assert adult.destination.name == "Quayside Care"
    assert young.rule_name == "Everyone else in the region: their home council's care academy"  # any age
    assert "under 18" in young.reason


def test_an_18_plus_rule_explains_why_it_did_not_apply(geography):
    from ats.routing.decide import explain
    from ats.routing.subjects import subject_from_answers

    plan, _ = explain(subject_from_answers(geography["newcastle"], experience="some", over_18=False))

    assert plan.rule.name == "Under 18: their home council's care academy"
    adult_only = RoutingRule.objects.create(name="Adults", age="18_plus", action="home_academy", active=False)
    from ats.routing.nearest import _why_not

    assert _why_not(adult_only, subject_from_answers(geography["newcastle"], over_18=False)) == (
        "they are under 18"
    )
    assert _why_not(adult_only, subject_from_answers(geography["newcastle"], over_18=True)) == ""


def test_skipping_far_sites_before_measuring_finds_exactly_the_sites_within_the_limit(geography):
    """_vacancy_candidates skips sites outside a box around the circle before working out distances:
    for sites scattered all round (the box's corners and edges included) the result within the limit
    is exactly what measuring every site gives."""
    import random

    from ats.places.postcodes import distance_miles
    from ats.routing.nearest import _vacancy_candidates

    subject = subject_for_enquiry(enquiry_at(geography["newcastle"]))
    rng = random.Random(11)  # noqa: S311 (test data)
    rows = [
        (
            n,
            f"Employer {n}",
            subject.latitude + rng.uniform(-0.4, 0.4),
            subject.longitude + rng.uniform(-0.7, 0.7),
        )
        for n in range(3000)
    ]

    class Context:
        def vacancy_rows(self, s, *, nhs):
            return rows

    for limit in (2, 5, 10, 20):
        found = {c.organisation_id for c in _vacancy_candidates(subject, Context(), nhs=False, within=limit)}
        within = {
            c.organisation_id
            for c in _vacancy_candidates(subject, Context(), nhs=False)
            if c.distance <= limit
        }
        assert found >= within and within  # nothing within the limit is skipped
        exact = {
            n
            for n, _, lat, lon in rows
            if distance_miles(subject.latitude, subject.longitude, lat, lon) <= limit
        }
        assert within == exact


def test_seeding_again_replaces_the_old_default_border_and_everyone_else_rules(geography):
    """A demo seeded before session 13 sent outside-region people to the nearest academy."""
    import io

    from ats.demo import seed_routing

    RoutingRule.objects.filter(area="border").update(
        name="Near a council border: the nearest care academy with room", experience=["none"]
    )
    RoutingRule.objects.filter(name__startswith="Everyone else in the region").delete()
    RoutingRule.objects.create(
        name="Everyone else: the nearest care academy with room", order=90, action="nearest_academy"
    )

    seed_routing(io.StringIO())

    assert RoutingRule.objects.count() == 7
    assert not RoutingRule.objects.filter(
        name__in=[
            "Near a council border: the nearest care academy with room",
            "Everyone else: the nearest care academy with room",
        ]
    ).exists()
    assert route_enquiry(enquiry_at(geography["carlisle"])) is None
    assert route_enquiry(enquiry_at(geography["dh3_durham"])).destination.name == "County Durham Care Academy"
