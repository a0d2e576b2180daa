"""Job alerts: make one from a search, double opt-in, match new jobs set-based, send digests.

Matching is per batch, not per alert: one query loads every job published since the oldest alert in
the batch was last sent, one query loads what the batch already had, then each alert is matched in
memory with the same rules as the search (a grid index keeps distance matching cheap). Deliveries
and the digest (in the project's email outbox) are written in one transaction: AlertDelivery's
unique constraint means nobody ever gets the same job twice from one alert, even if a batch is
retried, and the outbox retries a failing mail server so no digest is lost.
"""

from __future__ import annotations

import datetime
import heapq
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from ats.models import AlertDelivery, JobAlert, Organisation, Vacancy, VacancyPoint
from ats.services.postcodes import distance_miles
from ats.services.search import keyword_words
from cms.email import queue_email

SALT_CONFIRM = "ats.alerts.confirm"
SALT_UNSUBSCRIBE = "ats.alerts.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600
BATCH_SIZE = 1000
MAX_JOBS_PER_EMAIL = 20
# Matches are counted exactly up to this many; beyond it the email says "more than 50" and its link
# shows the exact number on the site (counting every match of a busy weekly alert would cost the
# alert run several times its 60 s budget).
COUNT_UP_TO = 50
CRITERIA_KEYS = [
    "q", "postcode", "council", "radius", "role_ids", "setting", "contract", "pattern", "hours", "kind", "area_ids", "min_pay",
    "no_driving", "sponsorship", "new_to_care",
]  # fmt: skip
PERIODS = {
    JobAlert.Frequency.DAILY: datetime.timedelta(hours=23),
    JobAlert.Frequency.WEEKLY: datetime.timedelta(days=6, hours=23),
}
GRID = 0.25  # degrees of latitude/longitude per cell for the in-memory distance index


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
    return settings.SITE_URL + reverse("jobs:alert-unsubscribe", args=[make_token(alert, SALT_UNSUBSCRIBE)])


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


def _hours_bucket(hours: Decimal | None) -> str | None:
    if hours is None:
        return None
    return "under_16" if hours < 16 else "16_29" if hours < 30 else "30_plus"


def _checks(alert: JobAlert, *, roles_indexed: bool = False) -> list:
    """The alert's criteria as a short list of tests on a job, cheapest first (built once).
    `roles_indexed`: the candidates come from the index's per-role lists, so skip the role test."""
    c = alert.criteria
    checks: list = []
    if c.get("role_ids") and not roles_indexed:
        roles = set(c["role_ids"])
        checks.append(lambda job: job.role_id in roles)
    for name in ("setting", "contract", "pattern"):
        if c.get(name):
            allowed = set(c[name])
            checks.append(lambda job, allowed=allowed, name=name: getattr(job, name) in allowed)
    if c.get("hours"):
        buckets = set(c["hours"])
        checks.append(lambda job: _hours_bucket(job.hours) in buckets)
    if c.get("kind"):
        kinds, nhs = set(c["kind"]), Organisation.Kind.NHS_TRUST in c["kind"]
        checks.append(lambda job: job.kind in kinds or (nhs and job.afc))
    if c.get("area_ids"):
        areas = set(c["area_ids"])
        checks.append(lambda job: job.area_id in areas)
    if c.get("min_pay"):
        floor = Decimal(c["min_pay"])
        checks.append(lambda job: job.hourly_max is not None and job.hourly_max >= floor)
    if c.get("no_driving"):
        checks.append(lambda job: not job.driving)
    if c.get("sponsorship"):
        checks.append(lambda job: job.sponsorship)
    if c.get("new_to_care"):
        checks.append(lambda job: job.new_to_care)
    words = keyword_words(c.get("q") or "")
    if words:
        checks.append(lambda job: all(word in job.text for word in words))
    if alert.latitude is not None and alert.longitude is not None:
        lat, lon, radius = alert.latitude, alert.longitude, alert.radius_miles or 10
        dlat = radius / 69.0
        dlon = radius / max(69.0 * math.cos(math.radians(lat)), 0.1)
        checks.append(
            lambda job: any(
                abs(plat - lat) <= dlat  # a cheap box first, the great circle only inside it
                and abs(plon - lon) <= dlon
                and distance_miles(lat, lon, plat, plon) <= radius
                for plat, plon in job.points
            )
        )
    return checks


def alert_matches(alert: JobAlert, job: _Job) -> bool:
    """The search rules (ats.services.search) applied to one job in memory."""
    checks = alert.__dict__.get("_checks")
    if checks is None:
        checks = alert.__dict__["_checks"] = _checks(alert)
    return all(check(job) for check in checks)


def _cell(latitude: float, longitude: float) -> tuple[int, int]:
    return math.floor(latitude / GRID), math.floor(longitude / GRID)


class _JobIndex:
    """New jobs, newest first, bucketed by grid cell and by role, so an alert walks only the
    lists that can match and stops at its last-sent time or once its email is full."""

    def __init__(self, jobs: list[_Job]):
        self.jobs = sorted(jobs, key=lambda job: job.published_at, reverse=True)
        self.cells: dict[tuple[int, int], list[_Job]] = defaultdict(list)
        self.cell_roles: dict[tuple[tuple[int, int], int | None], list[_Job]] = defaultdict(list)
        self.roles: dict[int | None, list[_Job]] = defaultdict(list)
        for job in self.jobs:
            self.roles[job.role_id].append(job)
            for cell in dict.fromkeys(_cell(lat, lon) for lat, lon in job.points):
                self.cells[cell].append(job)
                self.cell_roles[(cell, job.role_id)].append(job)

    def candidates(self, alert: JobAlert) -> Iterable[_Job]:
        """Candidate jobs, newest first."""
        role_ids = alert.criteria.get("role_ids") or None
        if alert.latitude is None or alert.longitude is None:
            lists = [self.roles[r] for r in role_ids] if role_ids else [self.jobs]
        else:
            miles = alert.radius_miles or 10
            dlat = miles / 69.0
            dlon = miles / max(69.0 * math.cos(math.radians(alert.latitude)), 0.1)
            low = _cell(alert.latitude - dlat, alert.longitude - dlon)
            high = _cell(alert.latitude + dlat, alert.longitude + dlon)
            cells = [(x, y) for x in range(low[0], high[0] + 1) for y in range(low[1], high[1] + 1)]
            if role_ids:
                lists = [self.cell_roles.get((cell, r), ()) for cell in cells for r in role_ids]
            else:
                lists = [self.cells.get(cell, ()) for cell in cells]
        lists = [items for items in lists if items]
        if len(lists) == 1:
            return lists[0]
        merged = heapq.merge(*lists, key=lambda job: job.published_at, reverse=True)
        if alert.latitude is None:
            return merged
        return _unique(merged)  # a job with sites in several cells is listed in each


def _unique(jobs: Iterable[_Job]) -> Iterable[_Job]:
    seen: set[int] = set()
    for job in jobs:
        if job.pk not in seen:
            seen.add(job.pk)
            yield job


def _new_jobs(since: datetime.datetime) -> list[_Job]:
    """Live jobs published since `since` with their points: two queries."""
    from ats.services.vacancies import live_vacancies

    new = live_vacancies().filter(published_at__gt=since)
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


def match_alert_batch(alert_ids: list[int], now: datetime.datetime) -> dict[JobAlert, list[int]]:
    """The new jobs each alert in the batch matches, newest first, up to COUNT_UP_TO plus one (the
    email shows the first MAX_JOBS_PER_EMAIL and says how many there are). Four queries whatever
    the batch size."""
    alerts = list(
        JobAlert.objects.filter(pk__in=alert_ids, confirmed_at__isnull=False, unsubscribed_at__isnull=True)
    )
    if not alerts:
        return {}
    since = {alert.pk: alert.last_sent_at or alert.confirmed_at for alert in alerts}
    index = _JobIndex(_new_jobs(min(since.values())))
    already = defaultdict(set)
    if index.jobs:
        # Only deliveries made after the oldest window opened can be for these new jobs.
        for alert_id, vacancy_id in AlertDelivery.objects.filter(
            alert_id__in=[a.pk for a in alerts], sent_at__gte=min(since.values())
        ).values_list("alert_id", "vacancy_id"):
            already[alert_id].add(vacancy_id)
    matches: dict[JobAlert, list[int]] = {}
    for alert in alerts:
        found: list[int] = []
        cutoff, delivered = since[alert.pk], already[alert.pk]
        checks = _checks(alert, roles_indexed=True)  # candidates() walks per-role lists
        for job in index.candidates(alert):
            if job.published_at <= cutoff:
                break  # newest first: everything after this was in an earlier digest's window
            if job.pk in delivered:
                continue
            for check in checks:  # a plain loop: this is the hot path of the alert run
                if not check(job):
                    break
            else:
                found.append(job.pk)
                if len(found) > COUNT_UP_TO:
                    break  # "more than COUNT_UP_TO": the linked search counts them exactly
        matches[alert] = found
    return matches


def send_alert_batch(alert_ids: list[int], now: datetime.datetime | None = None) -> int:
    """Match, record deliveries and queue each alert's digest in one transaction; the outbox sends
    after commit and retries a failing mail server, so a job is neither lost nor sent twice.
    Returns the number of digests queued."""
    now = now or timezone.now()
    with transaction.atomic():
        matches = match_alert_batch(alert_ids, now)
        JobAlert.objects.filter(pk__in=[a.pk for a in matches]).update(last_sent_at=now)
        matches = {alert: ids for alert, ids in matches.items() if ids}
        if not matches:
            return 0
        AlertDelivery.objects.bulk_create(
            [
                AlertDelivery(alert=alert, vacancy_id=vacancy_id)
                for alert, ids in matches.items()
                for vacancy_id in ids[:MAX_JOBS_PER_EMAIL]
            ],
            batch_size=1000,
        )
        wanted = {vid for ids in matches.values() for vid in ids[:MAX_JOBS_PER_EMAIL]}
        vacancies = Vacancy.objects.select_related("organisation", "local_authority").in_bulk(wanted)
        slugs = _slugs() if any(len(ids) > MAX_JOBS_PER_EMAIL for ids in matches.values()) else None
        for alert, ids in matches.items():
            since = since_of(alert)
            queue_digest(
                alert,
                [vacancies[v] for v in ids[:MAX_JOBS_PER_EMAIL] if v in vacancies],
                len(ids),
                all_url=search_url(alert, since, slugs) if slugs else "",
            )
    return len(matches)


def since_of(alert: JobAlert) -> datetime.datetime:
    """The start of the alert's window: jobs published after this are new to it."""
    return alert.last_sent_at or alert.confirmed_at


def _slugs() -> dict[str, dict[int, str]]:
    from ats.models import LocalAuthority, Role

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


def queue_digest(alert: JobAlert, vacancies: list[Vacancy], total: int, *, all_url: str = "") -> None:
    from ats.services.pay import describe_pay

    for vacancy in vacancies:
        vacancy.pay = describe_pay(vacancy)
    unsubscribe = unsubscribe_url(alert)
    context = {
        "alert": alert,
        "vacancies": vacancies,
        "count": f"more than {COUNT_UP_TO}" if total > COUNT_UP_TO else f"{total:,}",
        "plural": total != 1,
        "more": total > len(vacancies),
        "shown": len(vacancies),
        "all_url": all_url or settings.SITE_URL + reverse("jobs:list"),
        "unsubscribe_url": unsubscribe,
    }
    queue_email(
        alert.email,
        "ats/email/alert_digest",
        context,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
