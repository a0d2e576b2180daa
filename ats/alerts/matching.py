"""Job alerts: which new jobs each alert in a batch matches, set-based.

A run (the beat task) fixes its time and hands out batches of due alerts. A worker loads the run's
new jobs once (three queries: jobs, their points, and per batch what its alerts already had) into
an index of bit sets: job i is bit i, and each criterion value (a role, a setting, a keyword, a
grid cell) has the set of jobs with it. An alert's matches are the AND of its criteria's sets
(distance measured only for jobs near the edge of its circle), with the same rules as the search;
so the digest counts them exactly at no extra cost.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from ats.alerts.models import AlertDelivery, JobAlert
from ats.jobs.models import VacancyPoint
from ats.jobs.search_filters import keyword_words
from ats.jobs.search_terms import hours_bucket
from ats.jobs.vacancies import live_vacancies
from ats.organisations.models import Organisation
from ats.places.postcodes import distance_miles
from cms.email import EmailFrame

BATCH_SIZE = 1000
MAX_JOBS_PER_EMAIL = 20
PERIODS = {
    JobAlert.Frequency.DAILY: datetime.timedelta(hours=23),
    JobAlert.Frequency.WEEKLY: datetime.timedelta(days=6, hours=23),
}
GRID = 0.05  # degrees of latitude/longitude per cell of the in-memory distance index


def due_alert_ids(now: datetime.datetime | None = None) -> list[int]:
    now = now or timezone.now()
    due = Q()
    for frequency, period in PERIODS.items():
        due |= Q(frequency=frequency) & (Q(last_sent_at__isnull=True) | Q(last_sent_at__lte=now - period))
    return list(
        JobAlert.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)
        .filter(due)
        .order_by("frequency", "pk")  # daily and weekly alerts in separate batches: less to load
        .values_list("pk", flat=True)
    )


def batched(ids: list[int], size: int = BATCH_SIZE) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


@dataclass(slots=True)
class _Job:
    pk: int
    text: str
    points: list[tuple[float, float]]  # every site (or covered council's centre); nearest counts
    role_id: int | None
    setting: str
    contract: str
    pattern: str
    hours: Decimal | None
    kind: str
    afc: bool
    area_id: int | None
    hourly_max: Decimal | None
    driving: bool
    sponsorship: bool
    new_to_care: bool
    published_at: datetime.datetime


def _cell(latitude: float, longitude: float) -> tuple[int, int]:
    return math.floor(latitude / GRID), math.floor(longitude / GRID)


def _bits(mask: int) -> Iterator[int]:
    """The positions of the set bits, lowest (newest job) first."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


class _JobIndex:
    """New jobs as bit sets: job i (newest first) is bit i of an int, and every value a criterion
    can ask for (a role, a setting, a keyword, a grid cell...) has the set of jobs that have it. An
    alert's matches are the AND of its criteria's sets, so counting them exactly is `bit_count()`
    whatever their number; only jobs near the edge of its circle are measured one by one."""

    def __init__(self, jobs: list[_Job], since: datetime.datetime):
        self.since = since
        self.jobs = sorted(jobs, key=lambda job: job.published_at, reverse=True)
        self.bit = {job.pk: i for i, job in enumerate(self.jobs)}
        self.oldest_first = [job.published_at for job in reversed(self.jobs)]
        self.values: dict[str, dict] = {name: defaultdict(int) for name in _VALUE_CRITERIA.values()}
        self.flags: dict[str, int] = dict.fromkeys(("afc", "driving", "sponsorship", "new_to_care"), 0)
        self.cells: dict[tuple[int, int], int] = defaultdict(int)
        spots: dict[tuple[int, int], dict[tuple[float, float], int]] = defaultdict(lambda: defaultdict(int))
        self.words: dict[str, int] = {}
        self.pay: dict[Decimal, int] = {}
        self.emails: dict[int, tuple[str, str]] = {}  # each job's part of a digest, rendered once
        self.parts: dict[int, int] = {}  # job -> its part stored in the outbox, once committed
        self.frames: dict[tuple, EmailFrame] = {}  # the digest around them, rendered once per shape
        self.unsubscribe: dict[str, list[str]] = {}  # the unsubscribe URL either side of the token
        for i, job in enumerate(self.jobs):
            bit = 1 << i
            for name in self.values:
                self.values[name][hours_bucket(job.hours) if name == "hours" else getattr(job, name)] |= bit
            for name in self.flags:
                if getattr(job, name):
                    self.flags[name] |= bit
            for lat, lon in job.points:
                self.cells[_cell(lat, lon)] |= bit
                spots[_cell(lat, lon)][lat, lon] |= bit
        # grid row -> its cells' columns, jobs, and each point in the cell with the jobs there
        self.rows: dict[int, tuple[list[int], list[int], list[list[tuple[float, float, int]]]]] = {}
        for (x, y), jobs_there in sorted(self.cells.items()):
            ys, masks, points = self.rows.setdefault(x, ([], [], []))
            ys.append(y)
            masks.append(jobs_there)
            points.append([(lat, lon, at) for (lat, lon), at in spots[x, y].items()])

    def newer_than(self, cutoff: datetime.datetime) -> int:
        """The jobs published after `cutoff` (the newest ones: a run of low bits)."""
        return (1 << (len(self.jobs) - bisect.bisect_right(self.oldest_first, cutoff))) - 1

    def containing(self, word: str) -> int:
        if word not in self.words:
            self.words[word] = sum(1 << i for i, job in enumerate(self.jobs) if word in job.text)
        return self.words[word]

    def paying(self, floor: Decimal) -> int:
        if floor not in self.pay:
            self.pay[floor] = sum(
                1 << i
                for i, job in enumerate(self.jobs)
                if job.hourly_max is not None and job.hourly_max >= floor
            )
        return self.pay[floor]

    def near(self, latitude: float, longitude: float, miles: float, wanted: int) -> int:
        """Of the `wanted` jobs, those with a point within `miles` (the search's box, then the great
        circle). Grid cells wholly inside the circle are taken whole, cells wholly outside skipped, and
        only the points in cells the edge crosses are measured, each point once for all the jobs there:
        roughly, and exactly only near the edge."""
        dlat = miles / 69.0
        dlon = miles / max(69.0 * math.cos(math.radians(latitude)), 0.1)
        low, high = _cell(latitude - dlat, longitude - dlon), _cell(latitude + dlat, longitude + dlon)
        per_lat, per_lon = 69.0, 69.0 * math.cos(math.radians(latitude))  # miles per degree, roughly
        inner, outer = (miles * (1 - EDGE)) ** 2, (miles * (1 + EDGE)) ** 2
        found = 0
        span_x = GRID * per_lon
        for x in range(low[0], high[0] + 1):
            row = self.rows.get(x)
            if row is None:
                continue
            ys, masks, points = row  # the row's non-empty cells, west to east
            # How near and how far the cell's edges are from the centre, in miles.
            near_y, far_y = _span((x * GRID - latitude) * per_lat, GRID * per_lat)
            for k in range(bisect.bisect_left(ys, low[1]), bisect.bisect_right(ys, high[1])):
                cell = masks[k] & wanted
                if not cell:
                    continue
                near_x, far_x = _span((ys[k] * GRID - longitude) * per_lon, span_x)
                if near_y * near_y + near_x * near_x > outer:
                    continue
                if far_y * far_y + far_x * far_x < inner:
                    found |= cell
                    continue
                for plat, plon, there in points[k]:  # the edge crosses the cell: measure each point
                    hit = there & wanted
                    if not hit:
                        continue
                    dy, dx = (plat - latitude) * per_lat, (plon - longitude) * per_lon
                    close = dy * dy + dx * dx
                    if close < inner or (
                        close <= outer
                        and abs(plat - latitude) <= dlat
                        and abs(plon - longitude) <= dlon
                        and distance_miles(latitude, longitude, plat, plon) <= miles
                    ):
                        found |= hit
        return found

    def match(self, alert: JobAlert, since: datetime.datetime, delivered: Iterable[int]) -> int:
        """The jobs (as bits) new to the alert since `since` that match it and it has not had."""
        c = alert.criteria
        found = self.newer_than(since)
        for vacancy_id in delivered:
            if vacancy_id in self.bit:
                found &= ~(1 << self.bit[vacancy_id])
        for key, name in _VALUE_CRITERIA.items():
            if c.get(key) and found:
                allowed = self.values[name]
                either = 0
                for value in c[key]:
                    either |= allowed.get(value, 0)
                if key == "kind" and Organisation.Kind.NHS_TRUST in c[key]:
                    either |= self.flags["afc"]
                found &= either
        if c.get("min_pay") and found:
            found &= self.paying(Decimal(c["min_pay"]))
        if c.get("no_driving"):
            found &= ~self.flags["driving"]
        for flag in ("sponsorship", "new_to_care"):
            if c.get(flag):
                found &= self.flags[flag]
        for word in keyword_words(c.get("q") or ""):
            if not found:
                break
            found &= self.containing(word)
        if found and alert.latitude is not None and alert.longitude is not None:
            found = self.near(alert.latitude, alert.longitude, alert.radius_miles or 10, found)
        return found

    def newest(self, found: int, limit: int) -> list[int]:
        return [self.jobs[i].pk for i in itertools.islice(_bits(found), limit)]


# criteria key -> the _Job attribute whose value it lists
_VALUE_CRITERIA = {
    "role_ids": "role_id", "setting": "setting", "contract": "contract", "pattern": "pattern",
    "hours": "hours", "kind": "kind", "area_ids": "area_id",
}  # fmt: skip
EDGE = 0.03  # cells this far (as a share of the radius) inside or outside the circle skip measuring


def _span(start: float, size: float) -> tuple[float, float]:
    """Nearest and farthest distance from 0 of the interval [start, start + size]."""
    end = start + size
    return (0.0 if start <= 0 <= end else min(abs(start), abs(end))), max(abs(start), abs(end))


def _new_jobs(since: datetime.datetime, now: datetime.datetime) -> list[_Job]:
    """Live jobs published in (since, now] with their points: two queries."""

    new = live_vacancies().filter(published_at__gt=since, published_at__lte=now)
    points = defaultdict(list)
    for vacancy_id, lat, lon in VacancyPoint.objects.filter(vacancy__in=new).values_list(
        "vacancy_id", "latitude", "longitude"
    ):
        points[vacancy_id].append((lat, lon))
    rows = (
        new.values_list(
            "pk", "title", "summary", "search_text", "role_id", "setting",
            "contract", "pattern", "hours_per_week", "organisation__kind", "afc_band", "local_authority_id",
            "hourly_pay_max", "driving_required", "visa_sponsorship", "new_to_care_welcome", "published_at",
        )
    )  # fmt: skip
    return [
        _Job(
            r[0],
            f"{r[1]} {r[2]} {r[3]}".lower(),
            points.get(r[0], []),
            *r[4:10],
            bool(r[10]),
            *r[11:],
        )
        for r in rows
    ]


# One run's index, kept by the worker process between that run's batches (one run at a time).
_runs: dict[str, _JobIndex] = {}


def _index_for(since: datetime.datetime, now: datetime.datetime, run: str | None) -> _JobIndex:
    """The run's new jobs, loaded once per worker process for all its batches (the first batch
    loads the longest window, a weekly alert's, so daily batches reuse it)."""
    if run is None:
        return _JobIndex(_new_jobs(since, now), since)
    index = _runs.get(run)
    if index is None or index.since > since:
        since = min(since, now - max(PERIODS.values()) - datetime.timedelta(days=1))
        _runs.clear()
        index = _runs[run] = _JobIndex(_new_jobs(since, now), since)
    return index


@dataclass(frozen=True, slots=True)
class AlertMatch:
    total: int  # every new matching job, counted exactly
    newest: list[int]  # the newest MAX_JOBS_PER_EMAIL of them: the ones the digest shows


def _match(
    alert_ids: list[int], now: datetime.datetime, run: str | None
) -> tuple[dict[JobAlert, AlertMatch], _JobIndex | None]:
    alerts = list(
        JobAlert.objects.filter(pk__in=alert_ids, confirmed_at__isnull=False, unsubscribed_at__isnull=True)
    )
    if not alerts:
        return {}, None
    since = {alert.pk: since_of(alert) for alert in alerts}
    index = _index_for(min(since.values()), now, run)
    already = defaultdict(list)
    if index.jobs:
        # Only deliveries made after the oldest window opened can be for these new jobs.
        for alert_id, vacancy_id in AlertDelivery.objects.filter(
            alert_id__in=[a.pk for a in alerts], sent_at__gte=min(since.values())
        ).values_list("alert_id", "vacancy_id"):
            already[alert_id].append(vacancy_id)
    matches = {}
    for alert in alerts:
        found = index.match(alert, since[alert.pk], already.get(alert.pk, ())) if index.jobs else 0
        matches[alert] = AlertMatch(found.bit_count(), index.newest(found, MAX_JOBS_PER_EMAIL))
    return matches, index


def match_alert_batch(
    alert_ids: list[int], now: datetime.datetime, *, run: str | None = None
) -> dict[JobAlert, AlertMatch]:
    """How many new jobs each alert in the batch matches (exactly) and the newest of them. Four
    queries whatever the batch size; two when the run's jobs are already loaded."""
    return _match(alert_ids, now, run)[0]


def since_of(alert: JobAlert) -> datetime.datetime:
    """The start of the alert's window: jobs published after this are new to it."""
    return alert.last_sent_at or alert.confirmed_at
