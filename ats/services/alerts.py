"""Job alerts: make one from a search, double opt-in, match new jobs set-based, send digests.

Matching is per batch, not per alert: one query loads every job published since the oldest alert in
the batch was last sent, one query loads what the batch already had, then each alert is matched in
memory with the same rules as the search (a grid index keeps distance matching cheap). Deliveries
are written before the email goes (at most once): AlertDelivery's unique constraint means nobody
ever gets the same job twice from one alert, even if a batch is retried.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ats.models import AlertDelivery, JobAlert, Organisation, Vacancy
from ats.services.postcodes import distance_miles
from ats.services.search import keyword_words
from cms.tasks import enqueue_on_commit

SALT_CONFIRM = "ats.alerts.confirm"
SALT_UNSUBSCRIBE = "ats.alerts.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600
BATCH_SIZE = 1000
MAX_JOBS_PER_EMAIL = 20
CRITERIA_KEYS = [
    "q", "radius", "role_ids", "setting", "contract", "pattern", "hours", "kind", "area_ids", "min_pay",
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
            from ats.tasks import send_alert_confirmation

            enqueue_on_commit(send_alert_confirmation, alert.pk)
    return alert


def _verified_email_of(user) -> str | None:
    from allauth.account.models import EmailAddress

    address = EmailAddress.objects.filter(user=user, verified=True, email__iexact=user.email).first()
    return address.email.lower() if address else None


def send_confirmation(alert: JobAlert) -> None:
    if alert.confirmed_at is not None or alert.unsubscribed_at is not None:
        return
    url = settings.SITE_URL + reverse("jobs:alert-confirm", args=[make_token(alert, SALT_CONFIRM)])
    body = render_to_string("ats/email/alert_confirm.txt", {"alert": alert, "confirm_url": url})
    EmailMultiAlternatives("Confirm your job alert", body, to=[alert.email]).send()


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
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def batched(ids: list[int], size: int = BATCH_SIZE) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


@dataclass(slots=True)
class _Job:
    pk: int
    text: str
    latitude: float | None
    longitude: float | None
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


def alert_matches(alert: JobAlert, job: _Job) -> bool:
    """The search rules (ats.services.search) applied to one job in memory."""
    c = alert.criteria
    if c.get("role_ids") and job.role_id not in c["role_ids"]:
        return False
    for name in ("setting", "contract", "pattern"):
        if c.get(name) and getattr(job, name) not in c[name]:
            return False
    if c.get("hours") and _hours_bucket(job.hours) not in c["hours"]:
        return False
    if (
        c.get("kind")
        and job.kind not in c["kind"]
        and not (Organisation.Kind.NHS_TRUST in c["kind"] and job.afc)
    ):
        return False
    if c.get("area_ids") and job.area_id not in c["area_ids"]:
        return False
    if c.get("min_pay") and (job.hourly_max is None or job.hourly_max < Decimal(c["min_pay"])):
        return False
    if c.get("no_driving") and job.driving:
        return False
    if c.get("sponsorship") and not job.sponsorship:
        return False
    if c.get("new_to_care") and not job.new_to_care:
        return False
    if c.get("q") and not all(word in job.text for word in keyword_words(c["q"])):
        return False
    if alert.latitude is not None and alert.longitude is not None:
        if job.latitude is None or job.longitude is None:
            return False
        if distance_miles(alert.latitude, alert.longitude, job.latitude, job.longitude) > (
            alert.radius_miles or 10
        ):
            return False
    return True


def _cell(latitude: float, longitude: float) -> tuple[int, int]:
    return math.floor(latitude / GRID), math.floor(longitude / GRID)


class _JobIndex:
    def __init__(self, jobs: list[_Job]):
        self.jobs = jobs
        self.cells: dict[tuple[int, int], list[_Job]] = defaultdict(list)
        for job in jobs:
            if job.latitude is not None and job.longitude is not None:
                self.cells[_cell(job.latitude, job.longitude)].append(job)

    def candidates(self, alert: JobAlert) -> Iterable[_Job]:
        if alert.latitude is None or alert.longitude is None:
            return self.jobs
        miles = alert.radius_miles or 10
        dlat = miles / 69.0
        dlon = miles / max(69.0 * math.cos(math.radians(alert.latitude)), 0.1)
        low = _cell(alert.latitude - dlat, alert.longitude - dlon)
        high = _cell(alert.latitude + dlat, alert.longitude + dlon)
        return [
            job
            for x in range(low[0], high[0] + 1)
            for y in range(low[1], high[1] + 1)
            for job in self.cells.get((x, y), ())
        ]


def _new_jobs(since: datetime.datetime) -> list[_Job]:
    from ats.services.vacancies import live_vacancies

    rows = (
        live_vacancies()
        .filter(published_at__gt=since)
        .values_list(
            "pk", "title", "summary", "search_text", "latitude", "longitude", "role_id", "setting",
            "contract", "pattern", "hours_per_week", "organisation__kind", "afc_band", "local_authority_id",
            "hourly_pay_max", "driving_required", "visa_sponsorship", "new_to_care_welcome", "published_at",
        )
    )  # fmt: skip
    return [
        _Job(
            r[0],
            f"{r[1]} {r[2]} {r[3]}".lower(),
            r[4],
            r[5],
            r[6],
            r[7],
            r[8],
            r[9],
            r[10],
            r[11],
            bool(r[12]),
            r[13],
            r[14],
            r[15],
            r[16],
            r[17],
            r[18],
        )
        for r in rows
    ]


def match_alert_batch(alert_ids: list[int], now: datetime.datetime) -> dict[JobAlert, list[int]]:
    """Which new jobs each alert in the batch should get. Three queries whatever the batch size."""
    alerts = list(
        JobAlert.objects.filter(pk__in=alert_ids, confirmed_at__isnull=False, unsubscribed_at__isnull=True)
    )
    if not alerts:
        return {}
    since = {alert.pk: alert.last_sent_at or alert.confirmed_at for alert in alerts}
    index = _JobIndex(_new_jobs(min(since.values())))
    already = defaultdict(set)
    if index.jobs:
        for alert_id, vacancy_id in AlertDelivery.objects.filter(
            alert_id__in=[a.pk for a in alerts], vacancy_id__in=[job.pk for job in index.jobs]
        ).values_list("alert_id", "vacancy_id"):
            already[alert_id].add(vacancy_id)
    matches: dict[JobAlert, list[int]] = {}
    for alert in alerts:
        found = [
            job
            for job in index.candidates(alert)
            if job.published_at > since[alert.pk]
            and job.pk not in already[alert.pk]
            and alert_matches(alert, job)
        ]
        found.sort(key=lambda job: job.published_at, reverse=True)
        matches[alert] = [job.pk for job in found]
    return matches


def send_alert_batch(alert_ids: list[int], now: datetime.datetime | None = None) -> int:
    """Match, record deliveries, then email each alert's digest. Returns the number of emails sent."""
    now = now or timezone.now()
    with transaction.atomic():
        matches = match_alert_batch(alert_ids, now)
        deliveries = [
            AlertDelivery(alert=alert, vacancy_id=vacancy_id)
            for alert, vacancy_ids in matches.items()
            for vacancy_id in vacancy_ids[:MAX_JOBS_PER_EMAIL]
        ]
        AlertDelivery.objects.bulk_create(deliveries, ignore_conflicts=True, batch_size=1000)
        JobAlert.objects.filter(pk__in=[a.pk for a in matches]).update(last_sent_at=now)
    wanted = {vid for ids in matches.values() for vid in ids[:MAX_JOBS_PER_EMAIL]}
    if not wanted:
        return 0
    vacancies = Vacancy.objects.select_related("organisation", "local_authority").in_bulk(wanted)
    messages = [
        digest_message(alert, [vacancies[v] for v in ids[:MAX_JOBS_PER_EMAIL] if v in vacancies], len(ids))
        for alert, ids in matches.items()
        if ids
    ]
    with get_connection() as connection:
        return connection.send_messages(messages) or 0


def digest_message(alert: JobAlert, vacancies: list[Vacancy], total: int) -> EmailMultiAlternatives:
    from ats.services.pay import describe_pay

    for vacancy in vacancies:
        vacancy.pay = describe_pay(vacancy)
    unsubscribe = unsubscribe_url(alert)
    context = {
        "alert": alert,
        "vacancies": vacancies,
        "total": total,
        "more": max(total - len(vacancies), 0),
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe,
    }
    count = f"{total} new care job{'s' if total != 1 else ''}"
    message = EmailMultiAlternatives(
        subject=f"{count}: {alert.description}"[:150] if alert.description else count,
        body=render_to_string("ats/email/alert_digest.txt", context),
        to=[alert.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string("ats/email/alert_digest.html", context), "text/html")
    return message
