"""Where the nearest destinations with room are: distances, travel limits, the grid of vacancy sites and
the nearest-with-room search the routing rules ask."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from ats.jobs.models import Vacancy
from ats.organisations.models import Organisation
from ats.places.postcodes import EARTH_RADIUS_MILES, distance_miles
from ats.routing.models import RoutingRule
from ats.routing.subjects import EMPLOYER_KINDS, EXPERIENCE_WORDS, Candidate, Subject, _council_uncertain

if TYPE_CHECKING:  # annotations only: the context is built from this module's parts
    from ats.routing.context import RoutingContext, _Load


def week_start(now: datetime) -> datetime:
    local = timezone.localtime(now)
    monday = local.date() - timedelta(days=local.weekday())
    return timezone.make_aware(datetime.combine(monday, datetime.min.time()))


def _council_ids(rule: RoutingRule) -> set[int]:
    ids = getattr(rule, "council_ids", None)
    if ids is None:  # a rule not read by RoutingContext
        return {council.pk for council in rule.councils.all()}
    return {int(pk) for pk in ids.split(",") if pk}


def _why_not(rule: RoutingRule, s: Subject, ctx: RoutingContext | None = None) -> str:
    """Why the rule's conditions do not fit this person, or "" if they do."""
    council_ids = _council_ids(rule)
    if council_ids and (s.council is None or s.council.pk not in council_ids):
        return "their home council is not one the rule covers"
    if rule.area == RoutingRule.Area.IN_REGION and not s.in_region:
        return "they live outside the North East"
    if rule.area == RoutingRule.Area.OUTSIDE_REGION and s.in_region:
        return "they live in the North East"
    if rule.area == RoutingRule.Area.BORDER and not _is_council_uncertain(s, ctx):
        return "their full postcode names their council"
    if rule.interests and not set(rule.interests) & s.interests:
        return "none of their interests match"
    if rule.experience and s.experience not in rule.experience:
        return f"they are {EXPERIENCE_WORDS.get(s.experience, s.experience)}"
    if rule.min_hours and (s.hours_wanted is None or s.hours_wanted < rule.min_hours):
        return f"they want fewer than {rule.min_hours} hours a week"
    if rule.requires_driving and not s.driving:
        return "they do not drive"
    if rule.age == RoutingRule.Age.ADULT and not s.over_18:
        return "they are under 18" if s.age_known else "they have not said they are 18 or over"
    if rule.age == RoutingRule.Age.UNDER_18 and s.over_18:
        return "they are 18 or over"
    if rule.age == RoutingRule.Age.UNDER_18 and not s.age_known:
        return "they have not said how old they are"
    if rule.nhs_interest == RoutingRule.Nhs.YES and not s.nhs_interest:
        return "they did not ask about the NHS"
    if rule.nhs_interest == RoutingRule.Nhs.NO and s.nhs_interest:
        return "they asked about the NHS"
    return ""


def _is_council_uncertain(s: Subject, ctx: RoutingContext | None) -> bool:
    if s.council_uncertain is not None:
        return s.council_uncertain
    return ctx.council_uncertain(s.postcode) if ctx is not None else _council_uncertain(s.postcode)


def _limit_miles(rule: RoutingRule, s: Subject) -> float | None:
    limits = []
    if rule.max_distance_miles:
        limits.append(rule.max_distance_miles)
    if rule.within_travel_distance and s.max_travel_miles:
        limits.append(s.max_travel_miles)
    return min(limits) if limits else None


def _distance(s: Subject, latitude: float | None, longitude: float | None) -> float | None:
    if not s.has_position or latitude is None or longitude is None:
        return None
    return distance_miles(s.latitude, s.longitude, latitude, longitude)


def _live_vacancies(*, nhs: bool):
    today = timezone.localdate()
    vacancies = Vacancy.objects.filter(status=Vacancy.Status.LIVE).filter(
        Q(closing_date__isnull=True) | Q(closing_date__gte=today)
    )
    if nhs:
        return vacancies.filter(organisation__kind=Organisation.Kind.NHS_TRUST).exclude(afc_band="")
    return vacancies.filter(organisation__kind__in=EMPLOYER_KINDS)


def _vacancy_rows(s: Subject, *, nhs: bool) -> list[tuple[int, str, float | None, float | None]]:
    vacancies = _live_vacancies(nhs=nhs)
    if not nhs:
        if s.interests:
            vacancies = vacancies.filter(Q(role__slug__in=s.interests) | Q(setting__in=s.interests))
        if s.experience == "none":
            vacancies = vacancies.filter(new_to_care_welcome=True)
    if not s.driving:
        vacancies = vacancies.filter(driving_required=False)
    return list(
        vacancies.values_list(
            "organisation_id", "organisation__name", "locations__latitude", "locations__longitude"
        )
    )


def _vacancy_candidates(
    s: Subject, ctx: RoutingContext, *, nhs: bool, within: float | None = None
) -> list[Candidate]:
    """Each employer with a matching live vacancy, at its nearest site. With a distance limit, sites
    outside a box a little larger than the circle are skipped before any distance is worked out (the
    caller drops everything beyond the limit anyway): a backlog batch measured every enquiry against
    every vacancy's site, millions of distances for a thousand enquiries."""
    rows = ctx.vacancy_rows(s, nhs=nhs)
    if within is not None and s.has_position:
        dlat, dlon = _box(s, within)
        rows = [
            row
            for row in rows
            if row[2] is not None and abs(row[2] - s.latitude) <= dlat and abs(row[3] - s.longitude) <= dlon
        ]
    nearest: dict[int, Candidate] = {}
    for org_id, name, latitude, longitude in rows:
        miles = _distance(s, latitude, longitude)
        known = nearest.get(org_id)
        if known is None or (miles is not None and (known.distance is None or miles < known.distance)):
            nearest[org_id] = Candidate(org_id, name, miles)
    return list(nearest.values())


def _box(s: Subject, within: float) -> tuple[float, float]:
    """Half the height and width, in degrees, of a box a little larger than the circle."""
    dlat = within / 69.0 * 1.02  # 69.09 miles to a degree of latitude; 2% spare
    return dlat, dlat / max(math.cos(math.radians(s.latitude)), 0.1)


# Grid cells of employer sites: about 7 miles high and 4 wide in the North East.
CELL_DEGREES = 0.1
# Taken off every cell's lower bound, so rounding in the bound can never skip a site.
BOUND_SPARE_MILES = 1e-6


class _SiteGrid:
    """The employer sites of one vacancy query (one row per organisation and site) in cells of
    CELL_DEGREES, built once per RoutingContext. A decision then measures the cells near the
    person nearest first, instead of scanning every site in the region for each enquiry."""

    def __init__(self, rows: list):
        # Each site as (organisation, name, latitude, longitude, latitude in radians, its cosine):
        # the last two are what haversine works out for the site on every measurement.
        self.cells: dict[tuple[int, int], list] = {}
        for org_id, name, latitude, longitude in rows:
            if latitude is None or longitude is None:
                continue  # never inside a box (see _vacancy_candidates)
            radians = math.radians(latitude)
            self.cells.setdefault(self._cell(latitude, longitude), []).append(
                (org_id, name, latitude, longitude, radians, math.cos(radians))
            )
        self.organisations = {key: {row[0] for row in rows} for key, rows in self.cells.items()}
        self.everyone = set().union(*self.organisations.values())
        self.loads_fetched = False

    @staticmethod
    def _cell(latitude: float, longitude: float) -> tuple[int, int]:
        return math.floor(latitude / CELL_DEGREES), math.floor(longitude / CELL_DEGREES)

    def near(self, s: Subject, within: float) -> list[tuple[float, tuple[int, int]]]:
        """The cells that overlap the box round the person and could hold a site within `within`
        miles, as (a lower bound of the distance to any site in the cell, cell), nearest first."""
        dlat, dlon = _box(s, within)
        low, high = (
            self._cell(s.latitude - dlat, s.longitude - dlon),
            self._cell(s.latitude + dlat, s.longitude + dlon),
        )
        found = []
        for i in range(low[0], high[0] + 1):
            for j in range(low[1], high[1] + 1):
                if (i, j) in self.cells:
                    bound = _cell_bound(s, i, j)
                    if bound <= within:
                        found.append((bound, (i, j)))
        found.sort()
        return found


def _cell_bound(s: Subject, i: int, j: int) -> float:
    """A lower bound of the haversine distance from the person to any point of cell (i, j): the
    latitude and longitude gaps to the cell's nearest edges, the longitude gap weighted by the
    cosine of the highest latitude involved (haversine's cos·cos term is at least that squared)."""
    spare = 1e-9  # degrees: a site's cell comes from a division that may round
    south, north = i * CELL_DEGREES - spare, (i + 1) * CELL_DEGREES + spare
    west, east = j * CELL_DEGREES - spare, (j + 1) * CELL_DEGREES + spare
    dlat = math.radians(max(0.0, south - s.latitude, s.latitude - north))
    dlon = math.radians(max(0.0, west - s.longitude, s.longitude - east))
    widest = math.cos(math.radians(min(90.0, max(abs(s.latitude), abs(south), abs(north)))))
    a = math.sin(dlat / 2) ** 2 + (widest * math.sin(dlon / 2)) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a))) - BOUND_SPARE_MILES


@dataclass
class _Nearest:
    """The first `n` destinations with room, in the order `_candidates` would list them, and
    what was seen on the way (for the same trace as before when there are none)."""

    pool: list[Candidate]
    loads: dict[int, _Load]
    within: int = 0  # destinations within the limit
    untried: int = 0  # of them, not excluded


def _nearest_with_room(
    s: Subject,
    ctx: RoutingContext,
    rule: RoutingRule,
    *,
    nhs: bool,
    within: float,
    excluded: set[int],
    n: int,
) -> _Nearest:
    """The same destinations `_candidates` and the room check in `explain` pick for a rule with a
    distance limit, without measuring and sorting every site within it: cells are measured
    nearest first, and a destination is settled (its distance and place in the order final) once
    the next cell's lower bound is beyond it, since no site left can be nearer. Stops at the `n`th
    settled destination with room; only when the nearest are full or tried does it go further.
    Sites are kept by the same box test, and distances are the same haversine, as before."""
    grid = ctx.site_grid(s, nhs=nhs)
    cells = grid.near(s, within)
    dlat, dlon = _box(s, within)
    found = _Nearest([], {})
    pending: dict[int, Candidate] = {}
    settled: set[int] = set()
    # distance_miles inlined, with the same operations in the same order (so the same floats):
    # a call per site, redoing the person's side each time, cost as much as the arithmetic.
    latitude1, longitude1 = s.latitude, s.longitude
    p1 = math.radians(latitude1)
    cos_p1, diameter, sin, radians, sqrt, asin = (
        math.cos(p1),
        2 * EARTH_RADIUS_MILES,
        math.sin,
        math.radians,
        math.sqrt,
        math.asin,
    )
    for index, (_, cell) in enumerate(cells):
        for org_id, name, latitude, longitude, p2, cos_p2 in grid.cells[cell]:
            if org_id in settled or abs(latitude - latitude1) > dlat or abs(longitude - longitude1) > dlon:
                continue
            a = sin((p2 - p1) / 2) ** 2 + cos_p1 * cos_p2 * sin(radians(longitude - longitude1) / 2) ** 2
            miles = diameter * asin(sqrt(a))
            known = pending.get(org_id)
            if known is None or miles < known.distance:
                pending[org_id] = Candidate(org_id, name, miles)
        horizon = cells[index + 1][0] if index + 1 < len(cells) else math.inf
        ready = sorted(
            (c for c in pending.values() if c.distance < horizon),
            key=lambda c: (c.distance, c.organisation_id),
        )
        for candidate in ready:
            del pending[candidate.organisation_id]
            settled.add(candidate.organisation_id)
        for candidate in ready:
            if candidate.distance > within:
                return found  # everything after is further still
            found.within += 1
            if candidate.organisation_id in excluded:
                continue
            found.untried += 1
            if found.untried == 1:  # one query for every destination this rule could reach
                ctx.fetch_grid_loads(grid, cells)
            load = ctx.load(candidate.organisation_id, rule)
            if load.has_room:
                found.pool.append(candidate)
                found.loads[candidate.organisation_id] = load
                if len(found.pool) == n:
                    return found
    return found


def _vacancy_groups(*, nhs: bool) -> dict[tuple, list[tuple[int, str, float | None, float | None]]]:
    """Every live vacancy's sites on one side (NHS or not) in one query, grouped by what
    `_vacancy_rows` filters on: (role, setting, new to care welcome, driving required)."""
    groups: dict[tuple, list] = {}
    for org_id, name, latitude, longitude, *what in _live_vacancies(nhs=nhs).values_list(
        "organisation_id",
        "organisation__name",
        "locations__latitude",
        "locations__longitude",
        "role__slug",
        "setting",
        "new_to_care_welcome",
        "driving_required",
    ):
        groups.setdefault(tuple(what), []).append((org_id, name, latitude, longitude))
    return groups


def _grouped_vacancy_rows(groups: dict[tuple, list], s: Subject, *, nhs: bool) -> list:
    """The rows `_vacancy_rows` would return, taken from `_vacancy_groups` (same filters)."""
    rows = []
    for (role, setting, new_to_care_welcome, driving_required), group in groups.items():
        if not nhs and s.interests and role not in s.interests and setting not in s.interests:
            continue
        if not nhs and s.experience == "none" and not new_to_care_welcome:
            continue
        if not s.driving and driving_required:
            continue
        rows.extend(group)
    return rows
