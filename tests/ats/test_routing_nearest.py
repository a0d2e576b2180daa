"""Routing a backlog faster without changing a decision: the grid search for the nearest
destinations with room picks exactly what measuring every site within the distance limit, sorting
them and checking each one's room picks, and a batch tells each destination the same people."""

import random

import pytest

from ats.models import RoutingRule
from ats.routing.context import RoutingContext
from ats.routing.decide import _Load
from ats.routing.nearest import _nearest_with_room, _vacancy_candidates
from ats.routing.subjects import Subject


def _sites(rng: random.Random, centre: tuple[float, float], count: int) -> list[tuple]:
    """Employers round a centre, a third with several sites, some exactly on cell edges."""
    rows = []
    for n in range(count):
        for _ in range(rng.choice([1, 1, 2, 4])):
            lat = centre[0] + rng.uniform(-0.5, 0.5)
            lon = centre[1] + rng.uniform(-0.8, 0.8)
            if rng.random() < 0.1:
                lat, lon = round(lat, 1), round(lon, 1)
            rows.append((n, f"Employer {n}", lat, lon))
    return rows


class _Context(RoutingContext):
    def __init__(self, rows, *, batch):
        super().__init__(batch=batch)
        self._rows = rows

    def vacancy_rows(self, s, *, nhs):
        return self._rows


def _measuring_everything(s, ctx, rule, limit, excluded, n):
    """What routing did before the grid: every site within the box measured, nearest site per
    employer, those within the limit sorted by distance then id, the excluded and full dropped."""
    found = [c for c in _vacancy_candidates(s, ctx, nhs=False, within=limit) if c.distance <= limit]
    found.sort(key=lambda c: (c.distance, c.organisation_id))
    untried = [c for c in found if c.organisation_id not in excluded]
    with_room = [c for c in untried if ctx.load(c.organisation_id, rule).has_room]
    return with_room[:n], len(found), len(untried)


@pytest.mark.django_db
@pytest.mark.parametrize("batch", [False, True])
def test_the_grid_finds_the_same_nearest_destinations_with_room_as_measuring_every_site(batch):
    rng = random.Random(5)  # noqa: S311 (test data)
    centre = (54.97, -1.61)
    rows = _sites(rng, centre, 600)
    for trial in range(150):
        ctx = _Context(rows, batch=batch)
        limit = rng.choice([2, 5, 10, 15, 25])
        rule = RoutingRule(
            name="Nearest",
            action=RoutingRule.Action.NEAREST_PROVIDERS,
            max_distance_miles=limit,
            capacity_per_week=3,
        )
        full = set(rng.sample(range(600), rng.choice([0, 30, 300, 590])))
        for pk in full:
            ctx._loads[pk] = _Load(count=3)
        excluded = set(rng.sample(range(600), rng.choice([0, 5, 100])))
        subject = Subject(
            postcode="NE1 1AA",
            latitude=centre[0] + rng.uniform(-0.3, 0.3),
            longitude=centre[1] + rng.uniform(-0.5, 0.5),
            council=None,
        )
        n = rng.choice([1, 3, 10])

        nearest = _nearest_with_room(subject, ctx, rule, nhs=False, within=limit, excluded=excluded, n=n)

        expected, within, untried = _measuring_everything(subject, ctx, rule, limit, excluded, n)
        assert nearest.pool == expected, trial
        if len(expected) < n:  # searched to the limit: the counts that pick the trace's words
            assert (nearest.within, nearest.untried) == (within, untried), trial
        assert all(nearest.loads[c.organisation_id].has_room for c in nearest.pool)


@pytest.mark.django_db
def test_a_batch_tells_each_destination_the_same_people_as_routing_one_at_a_time():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ats.models import Membership
    from ats.routing.services import recipients_for, recipients_for_each
    from tests.factories import MembershipFactory, OrganisationFactory

    staffed = OrganisationFactory(email="office@staffed.example")
    MembershipFactory(organisation=staffed, user__email="zoe@staffed.example")
    MembershipFactory(organisation=staffed, role=Membership.Role.ADMIN, user__email="amy@staffed.example")
    MembershipFactory(organisation=staffed, user__email="gone@staffed.example", user__is_active=False)
    MembershipFactory(organisation=staffed, role=Membership.Role.VIEWER, user__email="viewer@staffed.example")
    unstaffed = OrganisationFactory(email="hello@unstaffed.example")
    silent = OrganisationFactory(email="")

    with CaptureQueriesContext(connection) as queries:
        each = recipients_for_each([staffed, unstaffed, silent])

    assert each == {
        staffed.pk: ["amy@staffed.example", "zoe@staffed.example"],
        unstaffed.pk: ["hello@unstaffed.example"],
        silent.pk: [],
    }
    assert each == {org.pk: recipients_for(org) for org in (staffed, unstaffed, silent)}
    assert len(queries) == 1
