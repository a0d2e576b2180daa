"""Job alerts: send a batch's digests.

Each job's part of a digest is rendered once per run and stored once in the outbox (`OutboxPart`),
which digests refer to rather than repeat. Deliveries (one INSERT) and the batch's digests (one COPY
into the project's email outbox, sent by one task after commit) are written in one transaction:
AlertDelivery's unique constraint means nobody ever gets the same job twice from one alert, even if
a batch is retried, and the outbox retries a failing mail server so no digest is lost.
"""

from __future__ import annotations

import datetime
import unicodedata
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection, transaction
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone

from ats.alerts.matching import AlertMatch, _JobIndex, _match, since_of
from ats.alerts.models import AlertDelivery, JobAlert
from ats.alerts.subscriptions import SALT_UNSUBSCRIBE, _unsubscribe_url, make_token, unsubscribe_url
from ats.jobs.models import Role, Vacancy
from ats.jobs.pay import describe_pay
from ats.places.models import LocalAuthority
from cms.email import (
    PARTS,
    EmailFrame,
    SlotObject,
    build_email,
    queue_emails,
    slot,
    store_parts,
    with_parts,
)
from cms.models import OutboxEmail

DIGEST = "ats/email/alert_digest"


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
                [parts[pk] for pk in newest],
                match.total,
                all_url=search_url(alert, since_of(alert), slugs) if match.total > len(match.newest) else "",
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


def digest_jobs(pks: list[int]) -> list[Vacancy]:
    """The jobs a digest shows, in the order given, each with its pay described for the templates."""
    vacancies = Vacancy.objects.select_related("organisation", "local_authority").in_bulk(pks)
    for vacancy in vacancies.values():
        vacancy.pay = describe_pay(vacancy)
    return [vacancies[pk] for pk in pks if pk in vacancies]


def _render_jobs(index: _JobIndex, wanted: set[int]) -> None:
    """Render each job's part of a digest once per run, however many digests show it: the job
    templates the digest's own templates include."""
    missing = wanted - index.emails.keys()
    if not missing:
        return
    text, html = get_template(f"{DIGEST}_job.txt"), get_template(f"{DIGEST}_job.html")
    for vacancy in digest_jobs(sorted(missing)):
        context = {"vacancy": vacancy, "site_url": settings.SITE_URL}
        index.emails[vacancy.pk] = (text.render(context), html.render(context))


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
    alert, shown: int, total: int, all_url: str, unsubscribe: str, *, jobs=(), stored: bool = False
) -> dict:
    """`jobs`: the shown jobs, which the templates include; `stored`: their parts are stored apart
    (in the outbox), so the bodies get the outbox's marker where they go instead."""
    return {
        "alert": alert,
        "jobs": jobs,
        "parts": PARTS if stored else "",  # escaping leaves the marker as it is
        "count": f"{total:,}",  # exact: the bit sets count every match
        "plural": total != 1,
        "more": total > shown,
        "shown": shown,
        "all_url": all_url or settings.SITE_URL + reverse("jobs:list"),
        "unsubscribe_url": unsubscribe,
    }


def _digest_headers(unsubscribe: str) -> dict[str, str]:
    return {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def digest_email(
    alert: JobAlert,
    total: int,
    *,
    jobs: list[Vacancy] | None = None,
    parts: list[int] | None = None,
    all_url: str = "",
) -> OutboxEmail:
    """The digest (not yet saved), an ordinary render of its templates: they include the shown
    `jobs` (from `digest_jobs`) through the job templates. Or, given `parts` instead, the ids of
    those jobs' parts stored in the outbox (rendered once per run by the same job templates), which
    the email refers to. A run fills frames instead (`_fill_digest`), the same email for a fraction
    of the cost; this is what the tests hold it to."""
    if (jobs is None) == (parts is None):
        raise TypeError("digest_email takes either the jobs or their stored parts")
    unsubscribe = unsubscribe_url(alert)
    shown = len(jobs) if parts is None else len(parts)
    context = _digest_context(
        alert, shown, total, all_url, unsubscribe, jobs=jobs or (), stored=parts is not None
    )
    email = build_email(alert.email, DIGEST, context, headers=_digest_headers(unsubscribe))
    return email if parts is None else with_parts(email, parts)


def _fill_digest(
    index: _JobIndex, alert: JobAlert, parts: list[int], total: int, *, all_url: str = ""
) -> OutboxEmail:
    """As `digest_email` with `parts`, but from the run's frame of the digest's shape (one job or
    more, all shown or not, a description or none): three template renders per digest cost more
    than matching it."""
    description = alert.description
    if len(description) > SUBJECT_DESCRIPTION or not unicodedata.is_normalized("NFC", description):
        # the subject's truncatechars changes it
        return digest_email(alert, total, parts=parts, all_url=all_url)
    around = index.unsubscribe.get(settings.SITE_URL)
    if around is None:  # reversed once a run: a token's characters need no quoting in a URL
        around = index.unsubscribe[settings.SITE_URL] = _unsubscribe_url("TOKEN").rsplit("TOKEN", 1)
    unsubscribe = make_token(alert, SALT_UNSUBSCRIBE).join(around)
    context = _digest_context(alert, len(parts), total, all_url, unsubscribe, stored=True)
    shape = (settings.SITE_URL, context["plural"], context["more"], bool(description))
    frame = index.frames.get(shape)
    if frame is None:
        slots = {name: slot(name) for name in ("count", "shown", "all_url", "unsubscribe_url")}
        slots["alert"] = SlotObject("alert", description=slot("description") if description else "")
        frame = index.frames[shape] = EmailFrame(DIGEST, {**context, **slots})
    values = {key: context[key] for key in ("count", "all_url", "unsubscribe_url")}
    values |= {"shown": str(context["shown"]), "description": description}
    email = frame.build(alert.email, values, headers=_digest_headers(unsubscribe))
    return with_parts(email, parts)


SUBJECT_DESCRIPTION = 120  # the subject template's truncatechars: longer descriptions are cut there
