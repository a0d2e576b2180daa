"""One routing run's view of the world: academies, vacancy sites, weekly loads and the places it has
reserved, fetched once and shared by every decision of the run."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import CharField, Count, F, Max, OuterRef, Q, StringAgg, Subquery, Value
from django.db.models.functions import Cast
from django.utils import timezone

from ats.organisations.models import Location, Organisation
from ats.places.models import Postcode
from ats.routing.models import RoutingDecision, RoutingRule
from ats.routing.nearest import _grouped_vacancy_rows, _SiteGrid, _vacancy_groups, _vacancy_rows, week_start
from ats.routing.subjects import Plan, Subject, _council_uncertain


@dataclass
class _Load:
    count: int = 0
    last: datetime | None = None
    capacity: int | None = None

    @property
    def has_room(self) -> bool:
        return self.capacity is None or self.count < self.capacity


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
