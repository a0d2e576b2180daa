"""Routing: send each enquiry (or new-to-care applicant) to someone who will act on it.

`decide()` reads the rules and the state and returns a `Plan` without writing anything (the admin
"try it" screen uses it). `route_enquiry()` / `route_application()` record the plan as a
RoutingDecision and tell the destination. `send_routing_reminders()` runs the service level:
a reminder after ROUTING_ACK_WORKING_DAYS working days (weekends and England and Wales bank
holidays do not count) without acknowledgement, then a re-route.

Determinism: for the same subject and the same database state the same destination is chosen.
Candidates are ordered by distance then id; among the equal destinations of a rule (its nearest N)
the least loaded this week wins, then the one routed to least recently, then the lowest id.
Rules are read from the database on every call (no cache), so admin edits apply at once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import CharField, Count, Exists, F, Max, OuterRef, Q, StringAgg, Subquery, Value
from django.db.models.functions import Cast
from django.utils import timezone

from ats.applications.models import Application, Enquiry
from ats.jobs.models import Vacancy
from ats.organisations.models import Location, Membership, Organisation
from ats.organisations.permissions import REGIONAL_ADMINS_GROUP
from ats.places.models import LocalAuthority, Postcode, PostcodeDistrict
from ats.places.postcodes import EARTH_RADIUS_MILES, PostcodeError, distance_miles, lookup
from ats.routing.bank_holidays import add_working_days, bank_holidays
from ats.routing.models import RoutingDecision, RoutingEvent, RoutingRule
from cms.email import queue_email

EMPLOYER_KINDS = [
    Organisation.Kind.PROVIDER,
    Organisation.Kind.VOLUNTARY,
    Organisation.Kind.COUNCIL_SERVICE,
]
NOTIFY_ROLES = [Membership.Role.ADMIN, Membership.Role.RECRUITER, Membership.Role.COORDINATOR]
EXPERIENCE_WORDS = {
    "none": "new to care",
    "some": "has some care experience",
    "experienced": "experienced in care",
}


@dataclass(frozen=True)
class Subject:
    """What routing needs to know about a person, however they reached us."""

    postcode: str
    latitude: float | None
    longitude: float | None
    council: LocalAuthority | None
    # The council is not really known: only the postcode district is (the full postcode is not in
    # the reference data, or was not given) and that district is split between councils.
    # None: not looked up yet (only "council not known" rules need it).
    council_uncertain: bool | None = None
    interests: frozenset[str] = frozenset()
    experience: str = "none"
    hours_wanted: int | None = None
    driving: bool = False
    max_travel_miles: int | None = None
    nhs_interest: bool = False
    over_18: bool = True
    age_known: bool = True  # False: a profile whose eligibility questions are not answered yet

    @property
    def in_region(self) -> bool:
        return bool(self.council and self.council.in_region)

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass
class Candidate:
    organisation_id: int
    name: str
    distance: float | None


@dataclass
class Plan:
    rule: RoutingRule | None  # None: the person chose the destination themselves
    destination: Organisation
    distance_miles: float | None
    reason: str
    trace: list[str] = field(default_factory=list)
    capacity: int | None = None  # the destination's weekly limit (None: no limit)


# --- Subjects -------------------------------------------------------------------------------------


# A postcode district with at least this share of its postcodes in other councils is split.
BORDER_OTHER_SHARE = 0.1


def _outcode(postcode: str) -> str:
    return (postcode or "").strip().upper().split(" ")[0]


def _split_districts():
    return PostcodeDistrict.objects.filter(la_share__lte=1 - BORDER_OTHER_SHARE)


def _known_units(postcodes: Iterable[str]):
    """Full postcodes in the reference data with a position: each names its council."""
    return Postcode.objects.filter(postcode__in=list(postcodes), latitude__isnull=False)


def _council_uncertain(postcode: str) -> bool:
    """Only the district of this postcode is known, and the district is split between councils
    (one query). A full postcode in the reference data names its council, border or not."""
    normal = (postcode or "").strip().upper()
    return (
        _split_districts().filter(outcode=_outcode(normal)).filter(~Exists(_known_units([normal]))).exists()
    )


def subject_from_answers(
    postcode: str,
    *,
    interests: Iterable[str] = (),
    experience: str = "none",
    hours_wanted: int | None = None,
    driving: bool = False,
    max_travel_miles: int | None = None,
    nhs_interest: bool = False,
    over_18: bool = True,
) -> Subject:
    """A subject from a postcode and answers (the "try it" screen). Raises PostcodeError."""
    place = lookup(postcode)
    return Subject(
        postcode=place.query,
        latitude=place.latitude,
        longitude=place.longitude,
        council=place.local_authority,
        council_uncertain=place.precision == "district" and _council_uncertain(place.query),
        interests=frozenset(interests),
        experience=experience or "none",
        hours_wanted=hours_wanted,
        driving=driving,
        max_travel_miles=max_travel_miles,
        nhs_interest=nhs_interest,
        over_18=over_18,
    )


def subject_for_enquiry(enquiry: Enquiry, *, uncertain: set[str] | None = None) -> Subject:
    """`uncertain`: the postcodes (of a batch) whose council is not known, if already worked out."""
    latitude, longitude, council = enquiry.latitude, enquiry.longitude, enquiry.local_authority
    if latitude is None or council is None:
        try:
            place = lookup(enquiry.postcode)
        except PostcodeError:
            place = None
        if place is not None:
            latitude, longitude = place.latitude, place.longitude
            council = council or place.local_authority
    return Subject(
        postcode=enquiry.postcode,
        latitude=latitude,
        longitude=longitude,
        council=council,
        council_uncertain=(enquiry.postcode in uncertain if uncertain is not None else None),
        interests=frozenset(str(item) for item in enquiry.interests or []),
        experience=enquiry.experience or "none",
        hours_wanted=enquiry.hours_wanted,
        driving=enquiry.driving,
        max_travel_miles=enquiry.max_travel_miles,
        nhs_interest=enquiry.nhs_interest,
        over_18=enquiry.over_18,
    )


def subject_for_application(application: Application) -> Subject | None:
    profile = getattr(application.candidate, "candidate_profile", None) if application.candidate else None
    if profile is None:
        return None
    vacancy = application.vacancy
    interests = {*profile.care_settings, vacancy.setting}
    interests.update(profile.roles.values_list("slug", flat=True))
    if vacancy.role_id:
        interests.add(vacancy.role.slug)
    return Subject(
        postcode=profile.postcode,
        latitude=profile.latitude,
        longitude=profile.longitude,
        council=profile.local_authority,
        council_uncertain=None,
        interests=frozenset(interests),
        experience=profile.experience or "none",
        hours_wanted=profile.hours_wanted,
        driving=profile.driving_licence,
        max_travel_miles=None,
        nhs_interest=bool(vacancy.afc_band),
        over_18=profile.over_18,
        # The eligibility questions are answered together (right to work is then never blank):
        # before that, over_18 is only the field's default, not a "no".
        age_known=profile.over_18 or bool(profile.right_to_work),
    )


# --- Deciding --------------------------------------------------------------------------------------


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


# Any number for the advisory lock below, the same in every process.
RESERVATIONS_LOCK = 0x52_4F_55_54  # "ROUT"


def _serialise_reservations() -> None:
    """Before a transaction locks its first destination row, take one transaction-level advisory
    lock (PostgreSQL) so only one routing at a time holds destination locks. A batch locks several
    destinations in the order it meets them; without this, two batches (or a batch and a single
    routing that retried) could lock two destinations in opposite orders and deadlock. Routing
    takes milliseconds, so waiting in line costs nothing a person would notice."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RESERVATIONS_LOCK])


class RoutingContext:
    """What one decision (or one batch of decisions) reads: the rules, academies, live vacancies,
    this week's loads. Made fresh for every call of `route_enquiry`, so nothing outlives a request
    and admin edits apply at once; `route_enquiries` shares one across a batch and keeps the loads
    up to date in memory as it routes."""

    def __init__(self, now: datetime | None = None, *, batch: bool = False):
        self.now = now or timezone.now()
        # A batch meets most combinations of answers: one query for all live vacancies (per side)
        # then costs less than one per combination. A single decision needs one combination.
        self._batch = batch
        self._vacancy_groups: dict[bool, dict] = {}
        # One query: each rule with its organisation and its councils' ids ("3,7"; "" for any).
        self.rules = list(
            RoutingRule.objects.filter(active=True)
            .select_related("organisation")
            .annotate(
                council_ids=StringAgg(
                    Cast("councils__pk", CharField()), delimiter=Value(","), default=Value("")
                )
            )
            .order_by("order", "pk")
        )
        self._uncertain: dict[str, bool] = {}
        self._academies: list[Organisation] | None = None
        self._vacancies: dict[tuple, list] = {}
        self._grids: dict[tuple, _SiteGrid] = {}
        self._loads: dict[int, _Load] = {}
        self._capacities: dict[int, int | None] = {}
        self._organisations: dict[int, Organisation] = {}
        self._positions: dict[int, tuple[float | None, float | None]] = {}
        self._locked: set[int] = set()

    def council_uncertain(self, postcode: str) -> bool:
        if postcode not in self._uncertain:
            self._uncertain[postcode] = _council_uncertain(postcode)
        return self._uncertain[postcode]

    def academies(self) -> list[Organisation]:
        """Every academy in the region, with its position and this week's load: one query (two
        if an academy's location has a postcode but no position)."""
        if self._academies is None:
            sites = Location.objects.filter(organisation=OuterRef("pk")).order_by("pk")
            placed = sites.exclude(latitude=None).exclude(longitude=None)
            academies = [
                org
                for org in self._with_loads(
                    Organisation.objects.filter(kind=Organisation.Kind.ACADEMY)
                    .select_related("local_authority")
                    .annotate(
                        site_latitude=Subquery(placed.values("latitude")[:1]),
                        site_longitude=Subquery(placed.values("longitude")[:1]),
                        site_postcode=Subquery(sites.exclude(postcode="").values("postcode")[:1]),
                    )
                )
                if org.local_authority is None or org.local_authority.in_region
            ]
            self._academy_positions(academies)
            self._academies = academies
        return self._academies

    def _academy_positions(self, academies: list[Organisation]) -> None:
        """Where each academy is: its first location (by id) with a position, or failing that the
        position of its first location's postcode, or failing that its council's postcode centroid."""
        by_postcode = {
            org.pk: org.site_postcode.strip().upper()
            for org in academies
            if org.site_latitude is None and org.site_postcode
        }
        places = {}
        if by_postcode:
            places = {
                code: (lat, lon)
                for code, lat, lon in Postcode.objects.filter(
                    postcode__in=set(by_postcode.values())
                ).values_list("postcode", "latitude", "longitude")
            }
        for org in academies:
            council = org.local_authority
            if org.site_latitude is not None:
                self._positions[org.pk] = (org.site_latitude, org.site_longitude)
            elif by_postcode.get(org.pk) in places:
                self._positions[org.pk] = places[by_postcode[org.pk]]
            else:
                self._positions[org.pk] = (council.latitude, council.longitude) if council else (None, None)

    def _with_loads(self, organisations):
        """The organisations annotated with this week's load and their own weekly limit, and
        remembered (so `loads` and `organisation` need no further query for them)."""
        this_week = Q(
            routed_decisions__decided_at__gte=week_start(self.now),
            routed_decisions__superseded_at=None,
        )
        found = list(
            organisations.annotate(
                week_count=Count("routed_decisions", filter=this_week),
                week_last=Max("routed_decisions__decided_at", filter=this_week),
                per_week=F("routing_capacity__per_week"),
            )
        )
        for org in found:
            self._loads.setdefault(org.pk, _Load(org.week_count, org.week_last))
            self._capacities.setdefault(org.pk, org.per_week)
            self._organisations.setdefault(org.pk, org)
        return found

    @staticmethod
    def _vacancy_key(s: Subject, *, nhs: bool) -> tuple:
        return (nhs, s.interests if not nhs else None, s.experience == "none" and not nhs, s.driving)

    def vacancy_rows(self, s: Subject, *, nhs: bool) -> list:
        key = self._vacancy_key(s, nhs=nhs)
        if key not in self._vacancies:
            if self._batch:
                if nhs not in self._vacancy_groups:
                    self._vacancy_groups[nhs] = _vacancy_groups(nhs=nhs)
                rows = _grouped_vacancy_rows(self._vacancy_groups[nhs], s, nhs=nhs)
            else:
                rows = _vacancy_rows(s, nhs=nhs)
            # One row per employer site: jobs at the same site add nothing to "nearest".
            self._vacancies[key] = list(dict.fromkeys(rows))
        return self._vacancies[key]

    def site_grid(self, s: Subject, *, nhs: bool) -> _SiteGrid:
        key = self._vacancy_key(s, nhs=nhs)
        if key not in self._grids:
            self._grids[key] = _SiteGrid(self.vacancy_rows(s, nhs=nhs))
        return self._grids[key]

    def position(self, org: Organisation) -> tuple[float | None, float | None]:
        if org.pk not in self._positions:
            location = org.locations.exclude(latitude=None).first()
            self._positions[org.pk] = (location.latitude, location.longitude) if location else (None, None)
        return self._positions[org.pk]

    def loads(self, ids: list[int], rule: RoutingRule) -> dict[int, _Load]:
        """This week's load and weekly limit of each destination: one query for those not yet
        seen, which also fetches the organisations themselves."""
        self.fetch_loads(ids)
        return {pk: self.load(pk, rule) for pk in ids}

    def fetch_loads(self, ids: Iterable[int]) -> None:
        """One query for the loads of those not yet seen (none if all have been)."""
        missing = [pk for pk in ids if pk not in self._loads]
        if missing:
            self._with_loads(Organisation.objects.filter(pk__in=missing))

    def fetch_grid_loads(self, grid: _SiteGrid, cells: list[tuple[float, tuple[int, int]]]) -> None:
        """The loads of every destination in the cells: a batch fetches the whole grid's once
        (cheaper than working out which of a thousand people's cells it has not seen yet)."""
        if not self._batch:
            self.fetch_loads(set().union(*(grid.organisations[cell] for _, cell in cells)))
        elif not grid.loads_fetched:
            self.fetch_loads(grid.everyone)
            grid.loads_fetched = True

    def load(self, pk: int, rule: RoutingRule) -> _Load:
        """A fetched destination's load, with its own weekly limit or else the rule's."""
        load = self._loads.get(pk, _Load())
        override = self._capacities.get(pk)
        return _Load(load.count, load.last, override if override is not None else rule.capacity_per_week)

    def organisation(self, pk: int) -> Organisation:
        if pk not in self._organisations:
            self._organisations[pk] = Organisation.objects.get(pk=pk)
        return self._organisations[pk]

    def reserve(self, plan: Plan) -> bool:
        """Make sure the plan's destination still has room, and keep it: lock the destination's
        row until the transaction ends and count its week again, so two routings at once cannot
        both take its last place. A destination without a weekly limit needs no lock. The lock
        is taken once per destination per context (a batch holds it for the batch)."""
        if plan.capacity is None:
            return True
        pk = plan.destination.pk
        if pk not in self._locked:
            if not self._locked:
                _serialise_reservations()
            list(
                Organisation.objects.select_for_update().filter(pk=pk).order_by().values_list("pk", flat=True)
            )
            count = RoutingDecision.objects.filter(
                destination_id=pk, decided_at__gte=week_start(self.now), superseded_at=None
            ).count()
            self._locked.add(pk)
            load = self._loads.setdefault(pk, _Load())
            load.count = count
        return self._loads[pk].count < plan.capacity

    def routed(self, destination_id: int, at: datetime) -> None:
        """Count a decision just made, so the next one in the batch sees the new load."""
        load = self._loads.setdefault(destination_id, _Load())
        load.count += 1
        load.last = at


def _candidates(rule: RoutingRule, s: Subject, ctx: RoutingContext) -> tuple[list[Candidate], str]:
    """Possible destinations for the rule's action, nearest first, or ([], why there are none)."""
    action = rule.action
    if action == RoutingRule.Action.ORGANISATION:
        org = rule.organisation
        if org is None:
            return [], "the rule names no organisation"
        found = [Candidate(org.pk, org.name, _distance(s, *ctx.position(org)))]
    elif action == RoutingRule.Action.HOME_ACADEMY:
        if not s.in_region:
            return [], "they have no home council in the North East"
        org = next((a for a in ctx.academies() if a.local_authority_id == s.council.pk), None)
        if org is None:
            return [], f"{s.council} has no care academy on the site"
        found = [Candidate(org.pk, org.name, _distance(s, *ctx.position(org)))]
    elif action == RoutingRule.Action.NEAREST_ACADEMY:
        found = [Candidate(org.pk, org.name, _distance(s, *ctx.position(org))) for org in ctx.academies()]
    elif action == RoutingRule.Action.NEAREST_PROVIDERS:
        if not ctx.vacancy_rows(s, nhs=False):
            return [], "no provider has a matching live vacancy"
        found = _vacancy_candidates(s, ctx, nhs=False, within=_limit_miles(rule, s))
    elif action == RoutingRule.Action.NHS_TRUST:
        if not ctx.vacancy_rows(s, nhs=True):
            return [], "no NHS trust has a live Agenda for Change post they could take"
        found = _vacancy_candidates(s, ctx, nhs=True, within=_limit_miles(rule, s))
    else:
        return [], f"unknown action {action}"
    limit = _limit_miles(rule, s)
    if limit is not None:
        found = [c for c in found if c.distance is not None and c.distance <= limit]
        if not found:
            return [], f"nothing is within {limit:g} miles"
    found.sort(key=lambda c: (c.distance if c.distance is not None else float("inf"), c.organisation_id))
    return found, ""


@dataclass
class _Load:
    count: int = 0
    last: datetime | None = None
    capacity: int | None = None

    @property
    def has_room(self) -> bool:
        return self.capacity is None or self.count < self.capacity


def _fair_choice(pool: list[Candidate], loads: dict[int, _Load]) -> Candidate:
    """Least loaded this week, then least recently routed to (round robin), then lowest id."""
    oldest = timezone.make_aware(datetime(2000, 1, 1))
    return min(
        pool,
        key=lambda c: (
            loads[c.organisation_id].count,
            loads[c.organisation_id].last or oldest,
            c.organisation_id,
        ),
    )


def beyond_travel(s: Subject, miles: float | None) -> bool:
    """The destination is further than the person said they would travel."""
    return bool(s.max_travel_miles) and miles is not None and miles > s.max_travel_miles


def _reason(rule: RoutingRule, s: Subject, chosen: Candidate, pool_size: int, home_full: bool) -> str:
    who = []
    if s.council:
        who.append(f"lives in {s.council.name}" + ("" if s.in_region else " (outside the North East)"))
    else:
        who.append(f"lives outside the North East ({s.postcode})")
    if rule.area == RoutingRule.Area.BORDER:
        who.append(
            f"their council is not known (only their postcode district, {_outcode(s.postcode)}, is, and it "
            "is split between councils)"
        )
    if not s.over_18:
        who.append("under 18" if s.age_known else "age not given yet")
    who.append(EXPERIENCE_WORDS.get(s.experience, s.experience))
    if rule.nhs_interest == RoutingRule.Nhs.YES:
        who.append("interested in working for the NHS")
    if rule.interests:
        who.append("interested in " + ", ".join(sorted(set(rule.interests) & s.interests)))
    where = {
        RoutingRule.Action.HOME_ACADEMY: f"sent to their council's care academy, {chosen.name}",
        RoutingRule.Action.ORGANISATION: f"sent to {chosen.name}, the organisation this rule names",
        RoutingRule.Action.NEAREST_PROVIDERS: (
            f"sent to {chosen.name}, one of the {pool_size} nearest providers with a live vacancy that "
            "matches what they want, shared fairly between them"
        ),
        RoutingRule.Action.NHS_TRUST: (
            f"sent to {chosen.name}, an NHS trust with live Agenda for Change posts"
            + (f", shared fairly between the {pool_size} nearest" if pool_size > 1 else "")
        ),
        RoutingRule.Action.NEAREST_ACADEMY: f"sent to the nearest care academy with room, {chosen.name}",
    }[rule.action]
    if home_full:
        where += " (their home academy is full this week)"
    if chosen.distance is not None:
        where += f", {chosen.distance:.1f} miles away"
        if beyond_travel(s, chosen.distance):
            where += f", further than the {s.max_travel_miles} miles they said they would travel"
    text = f"{rule.name}: {'; '.join(who)}. So {where}."
    if rule.explanation:
        text += f" {rule.explanation}"
    return text[0].upper() + text[1:]


def decide(
    subject: Subject,
    *,
    exclude: Iterable[int] = (),
    now: datetime | None = None,
    ctx: RoutingContext | None = None,
) -> Plan | None:
    """Where this person would go now, and why. Reads only; writes nothing."""
    return explain(subject, exclude=exclude, now=now, ctx=ctx)[0]


def explain(
    subject: Subject,
    *,
    exclude: Iterable[int] = (),
    now: datetime | None = None,
    ctx: RoutingContext | None = None,
) -> tuple[Plan | None, list[str]]:
    """The plan (or None) and, for the admin "try it" screen, what each rule made of the person."""
    ctx = ctx or RoutingContext(now)
    excluded = set(exclude)
    trace: list[str] = []
    home_full = False
    for rule in ctx.rules:
        why_not = _why_not(rule, subject, ctx)
        if why_not:
            trace.append(f"{rule.name}: does not apply, {why_not}.")
            continue
        limit = _limit_miles(rule, subject)
        nhs = rule.action == RoutingRule.Action.NHS_TRUST
        if (
            rule.action in (RoutingRule.Action.NEAREST_PROVIDERS, RoutingRule.Action.NHS_TRUST)
            and limit is not None
            and subject.has_position
            and ctx.vacancy_rows(subject, nhs=nhs)
        ):
            nearest = _nearest_with_room(
                subject, ctx, rule, nhs=nhs, within=limit, excluded=excluded, n=max(rule.nearest_n, 1)
            )
            if not nearest.within:
                trace.append(f"{rule.name}: applies, but nothing is within {limit:g} miles.")
            elif not nearest.untried:
                trace.append(f"{rule.name}: applies, but every destination has been tried.")
            elif not nearest.pool:
                trace.append(f"{rule.name}: applies, but every destination is full this week.")
            else:
                pool, loads = nearest.pool, nearest.loads
                chosen = _fair_choice(pool, loads)
                trace.append(f"{rule.name}: applies; sent to {chosen.name}.")
                destination = rule.organisation if rule.organisation_id == chosen.organisation_id else None
                plan = Plan(
                    rule=rule,
                    destination=destination or ctx.organisation(chosen.organisation_id),
                    distance_miles=chosen.distance,
                    reason=_reason(rule, subject, chosen, len(pool), home_full),
                    trace=trace,
                    capacity=loads[chosen.organisation_id].capacity,
                )
                return plan, trace
            continue
        found, why_none = _candidates(rule, subject, ctx)
        found = [c for c in found if c.organisation_id not in excluded]
        if not found:
            trace.append(f"{rule.name}: applies, but {why_none or 'every destination has been tried'}.")
            continue
        # Each action's equal destinations: the nearest N (one for a named organisation or academy).
        loads = ctx.loads([c.organisation_id for c in found], rule)
        with_room = [c for c in found if loads[c.organisation_id].has_room]
        if not with_room:
            if rule.action == RoutingRule.Action.HOME_ACADEMY:
                home_full = True
            trace.append(f"{rule.name}: applies, but every destination is full this week.")
            continue
        if rule.action in (RoutingRule.Action.NEAREST_PROVIDERS, RoutingRule.Action.NHS_TRUST):
            pool = with_room[: max(rule.nearest_n, 1)]
            chosen = _fair_choice(pool, loads)
        else:
            pool = with_room[:1]
            chosen = pool[0]
        trace.append(f"{rule.name}: applies; sent to {chosen.name}.")
        destination = rule.organisation if rule.organisation_id == chosen.organisation_id else None
        destination = destination or ctx.organisation(chosen.organisation_id)
        plan = Plan(
            rule=rule,
            destination=destination,
            distance_miles=chosen.distance,
            reason=_reason(rule, subject, chosen, len(pool), home_full),
            trace=trace,
            capacity=loads[chosen.organisation_id].capacity,
        )
        return plan, trace
    trace.append("No rule found a destination.")
    return None, trace


def decide_and_reserve(
    subject: Subject,
    *,
    exclude: Iterable[int] = (),
    now: datetime | None = None,
    ctx: RoutingContext | None = None,
) -> Plan | None:
    """`decide`, then hold the destination's place (`RoutingContext.reserve`) until the caller's
    transaction ends. If another routing took the last place meanwhile, decide again: that
    destination now counts as full. Call inside a transaction."""
    ctx = ctx or RoutingContext(now)
    for _ in range(50):  # each retry marks one more destination full; never more than a few
        plan = decide(subject, exclude=exclude, ctx=ctx)
        if plan is None or ctx.reserve(plan):
            return plan
    return None


# --- Recording and notifying -------------------------------------------------------------------------


def recipients_for(organisation: Organisation) -> list[str]:
    emails = list(
        Membership.objects.filter(organisation=organisation, role__in=NOTIFY_ROLES, user__is_active=True)
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )
    if not emails and organisation.email:
        emails = [organisation.email]
    return emails


def recipients_for_each(organisations: Iterable[Organisation]) -> dict[int, list[str]]:
    """`recipients_for` of many organisations in one query (a batch routes to hundreds)."""
    organisations = {org.pk: org for org in organisations}
    emails: dict[int, list[str]] = {pk: [] for pk in organisations}
    for org_id, email in (
        Membership.objects.filter(
            organisation_id__in=list(organisations), role__in=NOTIFY_ROLES, user__is_active=True
        )
        .order_by("organisation_id", "user__email")
        .values_list("organisation_id", "user__email")
    ):
        emails[org_id].append(email)
    for pk, org in organisations.items():
        if not emails[pk] and org.email:
            emails[pk] = [org.email]
    return emails


def regional_admin_emails() -> list[str]:
    """Everyone who answers for the whole region: superusers and the "Regional admins" group."""
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name=REGIONAL_ADMINS_GROUP))
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


def _notify(decision: RoutingDecision, template: str, recipients: list[str] | None = None) -> None:

    if recipients is None:
        recipients = recipients_for(decision.destination)
    if recipients:
        queue_email(
            recipients,
            f"emails/routing/{template}",
            {"decision": decision, "organisation": decision.destination, "working_days": ack_working_days()},
        )


def _record(
    plan: Plan,
    *,
    enquiry: Enquiry | None = None,
    application: Application | None = None,
    attempt: int = 1,
    now: datetime | None = None,
) -> RoutingDecision:
    now = now or timezone.now()
    decision = RoutingDecision.objects.create(
        enquiry=enquiry,
        application=application,
        rule=plan.rule,
        rule_name=plan.rule.name if plan.rule else CHOSEN_RULE_NAME,
        destination=plan.destination,
        reason=plan.reason,
        distance_miles=plan.distance_miles,
        attempt=attempt,
        decided_at=now,
    )
    RoutingEvent.objects.create(decision=decision, kind=RoutingEvent.Kind.ROUTED, note=plan.reason, at=now)
    _notify(decision, "routed")
    return decision


def route_enquiry(enquiry: Enquiry) -> RoutingDecision | None:
    """Route an enquiry once. Returns its current decision, or None if no rule found anyone."""
    with transaction.atomic():
        enquiry = (
            Enquiry.objects.select_for_update(of=("self",))
            .select_related("local_authority")
            .annotate(
                routed=Exists(RoutingDecision.objects.filter(enquiry=OuterRef("pk"), superseded_at=None))
            )
            .get(pk=enquiry.pk)
        )
        if enquiry.routed:
            return enquiry.routing_decisions.filter(superseded_at=None).first()
        plan = decide_and_reserve(subject_for_enquiry(enquiry))
        return _record(plan, enquiry=enquiry) if plan else None


CHOSEN_RULE_NAME = "Chosen by the person"


def route_enquiry_to(enquiry: Enquiry, destination: Organisation, *, reason: str) -> RoutingDecision:
    """Send an enquiry to the organisation the person chose (an academy's register-interest form)
    instead of asking the rules. Like `route_enquiry`, an enquiry already routed keeps its decision;
    reminders and re-routing then apply as to any decision."""
    with transaction.atomic():
        enquiry = Enquiry.objects.select_for_update(of=("self",)).get(pk=enquiry.pk)
        current = enquiry.routing_decisions.filter(superseded_at=None).first()
        if current is not None:
            return current
        return _record(
            Plan(rule=None, destination=destination, distance_miles=None, reason=reason), enquiry=enquiry
        )


def route_enquiries(enquiry_ids: Iterable[int], *, notify: bool = True) -> dict[int, RoutingDecision | None]:
    """Route many enquiries in one transaction (a backlog, the bench): the rules, academies and
    vacancies are read once for the batch and the loads kept in memory, so the result is the same
    as routing them one by one in order of arrival. Already routed enquiries keep their decision."""
    ids = list(enquiry_ids)
    with transaction.atomic():
        enquiries = list(
            Enquiry.objects.select_for_update(of=("self",))
            .select_related("local_authority")
            .filter(pk__in=ids)
            .order_by("created_at", "pk")
        )
        current = {
            d.enquiry_id: d
            for d in RoutingDecision.objects.filter(enquiry_id__in=ids, superseded_at=None).select_related(
                "destination"
            )
        }
        ctx = RoutingContext(batch=True)
        # Whose council is not known: a postcode in a split district that is not a known unit
        # (two queries for the batch).
        split = set(_split_districts().values_list("outcode", flat=True))
        on_border = {e.postcode for e in enquiries if _outcode(e.postcode) in split}
        known = set(_known_units(on_border).values_list("postcode", flat=True)) if on_border else set()
        uncertain = on_border - known
        new: list[RoutingDecision] = []
        for enquiry in enquiries:
            if enquiry.pk in current:
                continue
            plan = decide_and_reserve(subject_for_enquiry(enquiry, uncertain=uncertain), ctx=ctx)
            if plan is None:
                continue
            new.append(
                RoutingDecision(
                    enquiry=enquiry,
                    rule=plan.rule,
                    rule_name=plan.rule.name,
                    destination=plan.destination,
                    reason=plan.reason,
                    distance_miles=plan.distance_miles,
                    decided_at=ctx.now,
                )
            )
            ctx.routed(plan.destination.pk, ctx.now)
        RoutingDecision.objects.bulk_create(new, batch_size=1000)
        RoutingEvent.objects.bulk_create(
            [RoutingEvent(decision=d, kind=RoutingEvent.Kind.ROUTED, note=d.reason, at=ctx.now) for d in new],
            batch_size=1000,
        )
        if notify:
            recipients = recipients_for_each(d.destination for d in new)
            for decision in new:
                _notify(decision, "routed", recipients[decision.destination_id])
        current.update((d.enquiry_id, d) for d in new)
    return {pk: current.get(pk) for pk in ids}


def unrouted_enquiries():
    """Enquiries with no current decision (nobody could take them), oldest first."""
    current = RoutingDecision.objects.filter(enquiry=OuterRef("pk"), superseded_at=None)
    return Enquiry.objects.filter(~Exists(current), anonymised=False).order_by("created_at", "pk")


def route_again(enquiry_ids: Iterable[int] | None = None, *, limit: int = 500) -> tuple[int, int]:
    """Try unrouted enquiries again (a regional admin's "Route again"), oldest first, with the rules
    and loads as they are now: one batch (`route_enquiries`), so the same as one by one in order
    of arrival. Enquiries routed meanwhile are left alone. Returns (routed now, still unrouted)."""
    pending = unrouted_enquiries()
    if enquiry_ids is not None:
        pending = pending.filter(pk__in=list(enquiry_ids))
    decisions = route_enquiries(list(pending.values_list("pk", flat=True)[:limit]))
    routed = sum(1 for decision in decisions.values() if decision is not None)
    return routed, len(decisions) - routed


def route_application(application: Application) -> RoutingDecision | None:
    """Route an application from someone new to care (to their academy, by default). Others: None."""
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("candidate__candidate_profile__local_authority", "vacancy__role")
            .get(pk=application.pk)
        )
        current = application.routing_decisions.filter(superseded_at=None).first()
        if current is not None:
            return current
        subject = subject_for_application(application)
        if subject is None or subject.experience != "none":
            return None
        plan = decide_and_reserve(subject)
        return _record(plan, application=application) if plan else None


def acknowledge(decision: RoutingDecision, *, by) -> RoutingDecision:
    """The destination says it has picked the person up. Idempotent."""
    with transaction.atomic():
        decision = RoutingDecision.objects.select_for_update().get(pk=decision.pk)
        if decision.acknowledged_at is None and decision.superseded_at is None:
            decision.acknowledged_at = timezone.now()
            decision.acknowledged_by = by
            decision.save(update_fields=["acknowledged_at", "acknowledged_by"])
            RoutingEvent.objects.create(
                decision=decision, kind=RoutingEvent.Kind.ACKNOWLEDGED, actor=by, at=decision.acknowledged_at
            )
    return decision


# --- Service level -----------------------------------------------------------------------------------


def ack_working_days() -> int:
    return int(getattr(settings, "ROUTING_ACK_WORKING_DAYS", 2))


def _tried_destinations(decision: RoutingDecision) -> list[int]:
    if decision.enquiry_id:
        others = RoutingDecision.objects.filter(enquiry_id=decision.enquiry_id)
    else:
        others = RoutingDecision.objects.filter(application_id=decision.application_id)
    return list(others.values_list("destination_id", flat=True))


def reroute(decision: RoutingDecision, *, now: datetime | None = None) -> RoutingDecision | None:
    """Pass an unacknowledged decision to the next destination (never one already tried)."""
    now = now or timezone.now()
    if decision.enquiry_id:
        subject = subject_for_enquiry(decision.enquiry)
    else:
        subject = subject_for_application(decision.application)
    plan = decide_and_reserve(subject, exclude=_tried_destinations(decision), now=now) if subject else None
    if plan is None:
        decision.escalated_at = now
        decision.save(update_fields=["escalated_at"])
        RoutingEvent.objects.create(
            decision=decision,
            kind=RoutingEvent.Kind.ESCALATED,
            note="Not acknowledged, and no other organisation could take it. A regional admin needs to act.",
            at=now,
        )
        _notify(decision, "escalated")
        admins = regional_admin_emails()
        if admins:
            _notify(decision, "escalated_admin", admins)
        return None
    new = _record(
        plan,
        enquiry=decision.enquiry,
        application=decision.application,
        attempt=decision.attempt + 1,
        now=now,
    )
    decision.superseded_at = now
    decision.superseded_by = new
    decision.save(update_fields=["superseded_at", "superseded_by"])
    RoutingEvent.objects.create(
        decision=decision,
        kind=RoutingEvent.Kind.REROUTED,
        note=f"Not acknowledged within {ack_working_days()} working days of the reminder: passed to "
        f"{new.destination}.",
        at=now,
    )
    return new


def send_routing_reminders(now: datetime | None = None) -> dict[str, int]:
    """Remind destinations that have not acknowledged in time; re-route those reminded and still
    silent. Safe to run as often as you like: each step happens once per decision."""
    now = now or timezone.now()
    days = ack_working_days()
    waiting = RoutingDecision.objects.filter(
        superseded_at=None,
        acknowledged_at=None,
        escalated_at=None,
        decided_at__lte=now - timedelta(days=days),
    )
    counts = {"reminded": 0, "rerouted": 0, "escalated": 0}
    holidays = bank_holidays()
    for pk in waiting.order_by("decided_at", "pk").values_list("pk", flat=True):
        with transaction.atomic():
            decision = (
                RoutingDecision.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(pk=pk, superseded_at=None, acknowledged_at=None, escalated_at=None)
                .select_related("destination", "enquiry", "application")
                .first()
            )
            if decision is None:
                continue
            if decision.reminder_sent_at is None:
                if now >= add_working_days(decision.decided_at, days, holidays):
                    decision.reminder_sent_at = now
                    decision.save(update_fields=["reminder_sent_at"])
                    RoutingEvent.objects.create(
                        decision=decision,
                        kind=RoutingEvent.Kind.REMINDED,
                        note=f"Not acknowledged within {days} working days: reminder sent.",
                        at=now,
                    )
                    _notify(decision, "reminder")
                    counts["reminded"] += 1
            elif now >= add_working_days(decision.reminder_sent_at, days, holidays):
                counts["rerouted" if reroute(decision, now=now) else "escalated"] += 1
    return counts
