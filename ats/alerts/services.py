"""Job alerts: make one from a search, double opt-in, match new jobs set-based, send digests.

A run (the beat task) fixes its time and hands out batches of due alerts. A worker loads the run's
new jobs once (three queries: jobs, their points, and per batch what its alerts already had) into
an index of bit sets: job i is bit i, and each criterion value (a role, a setting, a keyword, a
grid cell) has the set of jobs with it. An alert's matches are the AND of its criteria's sets
(distance measured only for jobs near the edge of its circle), with the same rules as the search;
so the digest counts them exactly at no extra cost. Each job's part of a digest is rendered once
per run and stored once in the outbox (`OutboxPart`), which digests refer to rather than repeat.
Deliveries (one INSERT) and the batch's digests (one COPY into the project's email outbox, sent by
one task after commit) are written in one transaction: AlertDelivery's unique
constraint means nobody ever gets the same job twice from one alert, even if a batch is retried,
and the outbox retries a failing mail server so no digest is lost.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.db import connection, transaction
from django.db.models import Q
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from ats.alerts.models import AlertDelivery, JobAlert
from ats.jobs.models import Role, Vacancy, VacancyPoint
from ats.jobs.pay import describe_pay
from ats.jobs.search_filters import keyword_words
from ats.jobs.search_terms import hours_bucket
from ats.jobs.vacancies import live_vacancies
from ats.organisations.models import Organisation
from ats.places.models import LocalAuthority
from ats.places.postcodes import distance_miles
from cms.email import (
    PARTS,
    EmailFrame,
    SlotObject,
    build_email,
    queue_email,
    queue_emails,
    slot,
    store_parts,
    with_parts,
)
from cms.models import OutboxEmail

SALT_CONFIRM = "ats.alerts.confirm"
SALT_UNSUBSCRIBE = "ats.alerts.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600
BATCH_SIZE = 1000
MAX_JOBS_PER_EMAIL = 20
CRITERIA_KEYS = [
    "q", "postcode", "council", "radius", "role_ids", "setting", "contract", "pattern", "hours", "kind", "area_ids", "min_pay",
    "no_driving", "sponsorship", "new_to_care",
]  # fmt: skip
PERIODS = {
    JobAlert.Frequency.DAILY: datetime.timedelta(hours=23),
    JobAlert.Frequency.WEEKLY: datetime.timedelta(days=6, hours=23),
}
GRID = 0.05  # degrees of latitude/longitude per cell of the in-memory distance index
DIGEST = "ats/email/alert_digest"


class AlertTokenError(ValueError):
    pass


def make_token(alert: JobAlert, salt: str) -> str:
    return signing.dumps(str(alert.public_id), salt=salt, compress=True)


def _alert_from_token(token: str, salt: str, max_age: int | None = None) -> JobAlert:
    try:
        public_id = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise AlertTokenError("This link has expired. Set up the alert again.") from error
    except signing.BadSignature as error:
        raise AlertTokenError("This link is not valid. Check you copied all of it.") from error
    alert = JobAlert.objects.filter(public_id=public_id).first()
    if alert is None:
        raise AlertTokenError("We could not find this alert. It may have been deleted.")
    return alert


def alert_criteria(criteria: dict) -> dict:
    """The JSON-safe part of a cleaned search that an alert keeps."""
    kept = {key: criteria.get(key) for key in CRITERIA_KEYS if criteria.get(key)}
    if "min_pay" in kept:
        kept["min_pay"] = str(kept["min_pay"])
    return kept


def create_alert(
    criteria: dict,
    *,
    email: str,
    frequency: str,
    description: str,
    user=None,
) -> JobAlert:
    """Save a search as an alert. A signed-in person's own verified address needs no confirmation;
    anyone else gets a confirmation email first (double opt-in)."""
    alert = JobAlert(
        email=email.strip().lower(),
        user=user if user is not None and user.is_authenticated else None,
        criteria=alert_criteria(criteria),
        description=description[:300],
        frequency=frequency,
        latitude=criteria.get("latitude"),
        longitude=criteria.get("longitude"),
        radius_miles=criteria.get("radius") if criteria.get("latitude") is not None else None,
    )
    if alert.user is not None and _verified_email_of(alert.user) == alert.email:
        alert.confirmed_at = timezone.now()
    with transaction.atomic():
        alert.save()
        if alert.confirmed_at is None:
            send_confirmation(alert)
    return alert


def _verified_email_of(user) -> str | None:
    from allauth.account.models import EmailAddress

    address = EmailAddress.objects.filter(user=user, verified=True, email__iexact=user.email).first()
    return address.email.lower() if address else None


def send_confirmation(alert: JobAlert) -> None:
    """Queue the double opt-in email (through the outbox: sent after commit, retried if SMTP fails)."""
    if alert.confirmed_at is not None or alert.unsubscribed_at is not None:
        return
    url = settings.SITE_URL + reverse("jobs:alert-confirm", args=[make_token(alert, SALT_CONFIRM)])
    queue_email(alert.email, "ats/email/alert_confirm", {"alert": alert, "confirm_url": url})


def confirm_alert(token: str) -> JobAlert:
    alert = _alert_from_token(token, SALT_CONFIRM, CONFIRM_MAX_AGE)
    if alert.confirmed_at is None:
        JobAlert.objects.filter(pk=alert.pk, confirmed_at=None).update(confirmed_at=timezone.now())
        alert.refresh_from_db()
    return alert


def unsubscribe_url(alert: JobAlert) -> str:
    return _unsubscribe_url(make_token(alert, SALT_UNSUBSCRIBE))


def _unsubscribe_url(token: str) -> str:
    return settings.SITE_URL + reverse("jobs:alert-unsubscribe", args=[token])


def alert_from_unsubscribe_token(token: str) -> JobAlert:
    return _alert_from_token(token, SALT_UNSUBSCRIBE)


def unsubscribe_alert(token: str) -> JobAlert:
    alert = _alert_from_token(token, SALT_UNSUBSCRIBE)
    JobAlert.objects.filter(pk=alert.pk, unsubscribed_at=None).update(unsubscribed_at=timezone.now())
    alert.refresh_from_db()
    return alert


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


def send_alert_batch(
    alert_ids: list[int], now: datetime.datetime | None = None, *, run: str | None = None
) -> int:
    """Match, record deliveries and queue each alert's digest in one transaction; the outbox sends
    after commit and retries a failing mail server, so a job is neither lost nor sent twice.
    `run` names the beat run the batch belongs to, so its batches share one load of the new jobs.
    Returns the number of digests queued."""
    now = now or timezone.now()
    with transaction.atomic():
        matches, index = _match(alert_ids, now, run)
        JobAlert.objects.filter(pk__in=[a.pk for a in matches]).update(last_sent_at=now)
        matches = {alert: match for alert, match in matches.items() if match.total}
        if not matches:
            return 0
        _record_deliveries([(alert.pk, pk) for alert, match in matches.items() for pk in match.newest], now)
        _queue_digests(matches, index)
    return len(matches)


def _record_deliveries(pairs: list[tuple[int, int]], now: datetime.datetime) -> None:
    """One statement on PostgreSQL. A plain insert, so a batch run twice at once fails on the
    unique constraint and rolls back rather than sending anybody a job twice."""
    if connection.vendor != "postgresql":
        AlertDelivery.objects.bulk_create(
            [AlertDelivery(alert_id=a, vacancy_id=v, sent_at=now) for a, v in pairs], batch_size=1000
        )
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {AlertDelivery._meta.db_table} (alert_id, vacancy_id, sent_at) "  # noqa: S608  # nosec B608  # the model's own table name; values are parameters
            "SELECT a, v, %s FROM unnest(%s::bigint[], %s::bigint[]) AS t(a, v)",
            [now, [a for a, _ in pairs], [v for _, v in pairs]],
        )


def _queue_digests(matches: dict[JobAlert, AlertMatch], index: _JobIndex) -> None:
    """Every digest of the batch into the outbox in one statement, sent by one task after commit.
    The jobs' parts are stored once and each digest refers to them: the same ~20 parts repeated in
    ~80,000 digests were ~750 MB a run to write."""
    shown = {pk for match in matches.values() for pk in match.newest}
    _render_jobs(index, shown)
    parts = _stored_parts(index, shown)
    slugs = _slugs() if any(match.total > len(match.newest) for match in matches.values()) else None
    emails = []
    for alert, match in matches.items():
        newest = [pk for pk in match.newest if pk in index.emails]
        emails.append(
            _fill_digest(
                index,
                alert,
                [index.emails[pk] for pk in newest],
                match.total,
                all_url=search_url(alert, since_of(alert), slugs) if match.total > len(match.newest) else "",
                parts=[parts[pk] for pk in newest],
            )
        )
    queue_emails(emails)


def _stored_parts(index: _JobIndex, wanted: set[int]) -> dict[int, int]:
    """Each wanted job's part in the outbox, stored once per run by each worker process. Parts
    stored by this batch are kept for later ones only when it commits: a batch rolled back takes
    its parts with it, and a digest must never refer to a part that is not there."""
    missing = sorted(pk for pk in wanted if pk in index.emails and pk not in index.parts)
    new = dict(zip(missing, store_parts([index.emails[pk] for pk in missing]), strict=True))
    if new:
        transaction.on_commit(lambda: index.parts.update(new))
    return {**index.parts, **new}


def _render_jobs(index: _JobIndex, wanted: set[int]) -> None:
    """Render each job's part of a digest once per run, however many digests show it."""

    missing = wanted - index.emails.keys()
    if not missing:
        return
    text, html = get_template(f"{DIGEST}_job.txt"), get_template(f"{DIGEST}_job.html")
    for vacancy in Vacancy.objects.select_related("organisation", "local_authority").filter(pk__in=missing):
        vacancy.pay = describe_pay(vacancy)
        context = {"vacancy": vacancy, "site_url": settings.SITE_URL}
        index.emails[vacancy.pk] = (text.render(context), html.render(context))


def since_of(alert: JobAlert) -> datetime.datetime:
    """The start of the alert's window: jobs published after this are new to it."""
    return alert.last_sent_at or alert.confirmed_at


def _slugs() -> dict[str, dict[int, str]]:

    return {
        "role": dict(Role.objects.values_list("pk", "slug")),
        "area": dict(LocalAuthority.objects.values_list("pk", "slug")),
    }


def search_url(alert: JobAlert, since: datetime.datetime, slugs: dict[str, dict[int, str]]) -> str:
    """The alert's search on the site, newest first, limited to jobs posted since `since`: every job
    the digest counted (less any that closed since)."""
    c = alert.criteria
    params: list[tuple[str, str]] = [
        (key, str(c[key])) for key in ("q", "postcode", "council", "radius", "min_pay") if c.get(key)
    ]
    params += [("role", slugs["role"][pk]) for pk in c.get("role_ids", []) if pk in slugs["role"]]
    params += [("area", slugs["area"][pk]) for pk in c.get("area_ids", []) if pk in slugs["area"]]
    params += [
        (key, value)
        for key in ("setting", "contract", "pattern", "hours", "kind")
        for value in c.get(key, [])
    ]
    params += [(key, "on") for key in ("no_driving", "sponsorship", "new_to_care") if c.get(key)]
    params += [("sort", "newest"), ("since", since.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))]
    return settings.SITE_URL + reverse("jobs:list") + "?" + urlencode(params)


def _digest_context(
    alert, jobs: list[tuple[str, str]], total: int, all_url: str, unsubscribe: str, stored: bool = False
) -> dict:
    """`stored`: the jobs' parts are stored apart, so the bodies get the outbox's marker instead."""
    return {
        "alert": alert,
        "jobs_text": PARTS if stored else "".join(text for text, _ in jobs),
        "jobs_html": mark_safe(PARTS if stored else "".join(html for _, html in jobs)),  # nosec B308 B703  # each part rendered (escaped) by a template
        "count": f"{total:,}",  # exact: the bit sets count every match
        "plural": total != 1,
        "more": total > len(jobs),
        "shown": len(jobs),
        "all_url": all_url or settings.SITE_URL + reverse("jobs:list"),
        "unsubscribe_url": unsubscribe,
    }


def _digest_headers(unsubscribe: str) -> dict[str, str]:
    return {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def digest_email(
    alert: JobAlert,
    jobs: list[tuple[str, str]],
    total: int,
    *,
    all_url: str = "",
    parts: list[int] | None = None,
) -> OutboxEmail:
    """The digest (not yet saved) rendered from its templates: `jobs` are the shown jobs' parts,
    text and HTML, rendered once per run (and, given `parts`, stored as those outbox parts, which
    the email refers to). A run fills frames instead (`_fill_digest`), the same email for a
    fraction of the cost; this is what the tests hold it to."""
    unsubscribe = unsubscribe_url(alert)
    context = _digest_context(alert, jobs, total, all_url, unsubscribe, parts is not None)
    email = build_email(alert.email, DIGEST, context, headers=_digest_headers(unsubscribe))
    return email if parts is None else with_parts(email, parts)


def _fill_digest(
    index: _JobIndex,
    alert: JobAlert,
    jobs: list[tuple[str, str]],
    total: int,
    *,
    all_url: str = "",
    parts: list[int] | None = None,
) -> OutboxEmail:
    """As `digest_email`, but from the run's frame of the digest's shape (one job or more, all shown
    or not, a description or none): three template renders per digest cost more than matching it."""
    description = alert.description
    if len(description) > SUBJECT_DESCRIPTION or not unicodedata.is_normalized("NFC", description):
        # the subject's truncatechars changes it
        return digest_email(alert, jobs, total, all_url=all_url, parts=parts)
    around = index.unsubscribe.get(settings.SITE_URL)
    if around is None:  # reversed once a run: a token's characters need no quoting in a URL
        around = index.unsubscribe[settings.SITE_URL] = _unsubscribe_url("TOKEN").rsplit("TOKEN", 1)
    unsubscribe = make_token(alert, SALT_UNSUBSCRIBE).join(around)
    context = _digest_context(alert, jobs, total, all_url, unsubscribe, parts is not None)
    shape = (settings.SITE_URL, context["plural"], context["more"], bool(description))
    frame = index.frames.get(shape)
    if frame is None:
        slots = {name: slot(name) for name in ("count", "shown", "all_url", "unsubscribe_url", "jobs_text")}
        slots["jobs_html"] = mark_safe(slot("jobs_html"))  # nosec B308 B703  # a marker, filled with rendered parts
        slots["alert"] = SlotObject("alert", description=slot("description") if description else "")
        frame = index.frames[shape] = EmailFrame(DIGEST, {**context, **slots})
    values = {key: context[key] for key in ("count", "all_url", "unsubscribe_url", "jobs_text", "jobs_html")}
    values |= {"shown": str(context["shown"]), "description": description}
    email = frame.build(alert.email, values, headers=_digest_headers(unsubscribe))
    return email if parts is None else with_parts(email, parts)


SUBJECT_DESCRIPTION = 120  # the subject template's truncatechars: longer descriptions are cut there
