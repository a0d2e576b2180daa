"""Demo routing: academies' weekly capacity, cohorts and the routing rules."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ats.jobs.models import Vacancy
from ats.organisations.models import Organisation
from ats.routing.bank_holidays import load_bank_holidays
from ats.routing.models import Cohort, RoutingCapacity, RoutingRule

# Default routing rules (issue 6). Editable by regional admins in the Wagtail admin afterwards:
# seeding only creates missing rules, so later edits are kept.
DEFAULT_RULES: list[dict] = [
    {
        "name": "Under 18: their home council's care academy",
        "order": 5,
        "age": "under_18",
        "area": "in_region",
        "action": "home_academy",
        "explanation": "Most care jobs start at 18. Until then the academy can talk to them about "
        "college courses, apprenticeships and volunteering.",
    },
    {
        "name": "Interested in the NHS: the nearest NHS trust with Agenda for Change posts",
        "order": 10,
        "age": "18_plus",
        "nhs_interest": "yes",
        "action": "nhs_trust",
        "nearest_n": 1,
        "explanation": "They asked about NHS jobs, so they go to the trust's posts first.",
    },
    {
        "name": "Experienced: matching providers within their travel distance",
        "order": 20,
        "age": "18_plus",
        "experience": ["some", "experienced"],
        "action": "nearest_providers",
        "within_travel_distance": True,
        "nearest_n": 3,
        "capacity_per_week": 15,
        "explanation": "They have care experience and a provider near them is hiring for what they want.",
    },
    {
        "name": "Council not known (district-only postcode on a border): the nearest care academy",
        "order": 30,
        "age": "18_plus",
        "area": "border",
        "action": "nearest_academy",
        "explanation": "Only their postcode district is known and it is split between councils, so "
        "distance decides.",
    },
    {
        "name": "New to care: their home council's care academy",
        "order": 40,
        "age": "18_plus",
        "experience": ["none"],
        "area": "in_region",
        "action": "home_academy",
        "explanation": "Academies train people new to care and guarantee an interview.",
    },
    {
        "name": "Everyone else in the region: their home council's care academy",
        "order": 80,
        "area": "in_region",
        "action": "home_academy",
        "explanation": "Academies are funded by their council to help the people who live there.",
    },
    {
        "name": "Everyone else in the region, home academy full: the nearest care academy with room",
        "order": 90,
        "area": "in_region",
        "action": "nearest_academy",
        "explanation": "Their home academy is full this week, so the nearest one with room takes them.",
    },
    # No default rule takes people who live outside the 12 councils: their enquiry stays unrouted,
    # in the regional admins' "Unrouted enquiries" list, and they are told what they can do.
]
ACADEMY_WEEKLY_CAPACITY = 25
# Defaults replaced in session 13 (issue 21.6): seeding again turns each into its successor, unless
# an admin has edited it (then it is theirs to change) or the successor exists already.
RETIRED_RULES: dict[str, tuple[dict, str]] = {
    "Near a council border: the nearest care academy with room": (
        {"area": "border", "action": "nearest_academy", "experience": ["none"]},
        "Council not known (district-only postcode on a border): the nearest care academy",
    ),
    "Everyone else: the nearest care academy with room": (
        {"area": "any", "action": "nearest_academy", "experience": []},
        "Everyone else in the region, home academy full: the nearest care academy with room",
    ),
}


def _retire_old_rules() -> int:

    specs = {spec["name"]: spec for spec in DEFAULT_RULES}
    retired = 0
    for old_name, (old_values, new_name) in RETIRED_RULES.items():
        rule = RoutingRule.objects.filter(name=old_name, **old_values).first()
        if rule is None or RoutingRule.objects.filter(name=new_name).exists():
            continue
        spec = {"experience": [], **specs[new_name]}
        for field, value in spec.items():
            setattr(rule, field, value)
        rule.save()
        retired += 1
    return retired


def seed_routing(stdout) -> None:
    """Default routing rules, academy capacities and a course per academy. Idempotent."""

    created = 0
    _retire_old_rules()
    for spec in DEFAULT_RULES:
        _, was_created = RoutingRule.objects.get_or_create(name=spec["name"], defaults=spec)
        created += was_created
    today = timezone.localdate()
    for academy in Organisation.objects.filter(kind=Organisation.Kind.ACADEMY).select_related(
        "local_authority"
    ):
        RoutingCapacity.objects.get_or_create(
            organisation=academy, defaults={"per_week": ACADEMY_WEEKLY_CAPACITY}
        )
        starts = today + timedelta(days=14 - today.weekday())
        Cohort.objects.get_or_create(
            academy=academy,
            course="Care Certificate pre-employment programme",
            starts_on=starts,
            defaults={
                "ends_on": starts + timedelta(days=11),
                "venue": f"{academy.local_authority.name if academy.local_authority else academy.name} "
                "Civic Centre",
                "capacity": 12,
            },
        )
    # NHS posts are placed at the trust's headquarters so distance can be measured.
    for vacancy in Vacancy.objects.filter(organisation__kind=Organisation.Kind.NHS_TRUST, locations=None):
        headquarters = vacancy.organisation.locations.exclude(latitude=None).first()
        if headquarters:
            vacancy.locations.add(headquarters)

    holidays_added, _ = load_bank_holidays()
    stdout.write(
        f"Routing rules: {RoutingRule.objects.count()} ({created} new); academy courses seeded; "
        f"{holidays_added} bank holidays added"
    )
