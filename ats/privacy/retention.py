"""The retention schedule (docs/retention.md), one line per kind of record.

Each line says which rows are due at a time (`due`) and what happens to them (`apply`). The nightly
beat task of a line (ats/privacy/tasks.py) lists the due ids and hands them out in batches;
`apply_line` looks at the ids again through `due`, so a batch that runs twice, late or after the
person signed in again does only what is still due. Unsuccessful candidates are in
ats.privacy.erasure.purge_unsuccessful_candidates; event registrations in campaign.services.events;
sent emails in cms.email.purge_outbox.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from ats.alerts.models import JobAlert
from ats.applications.models import (
    Application,
    ApplicationDraft,
    Enquiry,
    EqualityResponse,
    InactivityWarning,
)
from ats.pipeline.models import ACCESS_LOG_RETENTION_YEARS, Offer, PersonalDataAccess
from ats.pipeline.status import OPEN_STAGES, Stage
from ats.privacy.erasure import (
    delete_account,
    erase_admin_log,
    erase_application,
    erase_enquiry,
    erase_offer_disclosure,
    erase_referrals,
)
from ats.routing.models import Referral
from cms.email import queue_email

logger = logging.getLogger(__name__)

BATCH_SIZE = 200


@dataclass(frozen=True)
class Line:
    name: str
    due: Callable[[datetime], QuerySet]
    apply: Callable[[QuerySet, datetime], int]


# --- What is due -------------------------------------------------------------------------------------


def hired_disclosures_due(now: datetime) -> QuerySet[Offer]:
    """Criminal-record self-disclosures: HIRED_DISCLOSURE_RETENTION_DAYS after the hire, and never
    longer than DISCLOSURE_MAX_MONTHS after they were made, whatever became of the application."""
    disclosed = (
        Q(has_unspent_convictions__isnull=False) | ~Q(disclosure_details="") | Q(disclosed_at__isnull=False)
    )
    hired_long_enough = Q(
        application__stage=Stage.HIRED,
        application__hired_at__lte=now - timedelta(days=settings.HIRED_DISCLOSURE_RETENTION_DAYS),
    )
    too_old = Q(disclosed_at__lte=now - relativedelta(months=settings.DISCLOSURE_MAX_MONTHS))
    return Offer.objects.filter((disclosed & too_old) | (hired_long_enough & (disclosed | ~Q(conditions=""))))


def hired_records_due(now: datetime) -> QuerySet[Application]:
    """A hired person's application, HIRED_RECORD_RETENTION_MONTHS after the hire: by then it is in
    the employer's own personnel file."""
    cutoff = now - relativedelta(months=settings.HIRED_RECORD_RETENTION_MONTHS)
    return Application.objects.filter(anonymised=False, stage=Stage.HIRED, hired_at__lte=cutoff)


def stale_drafts_due(now: datetime) -> QuerySet[ApplicationDraft]:
    """Applications started and not sent, DRAFT_RETENTION_DAYS after they were last touched."""
    cutoff = now - timedelta(days=settings.DRAFT_RETENTION_DAYS)
    return ApplicationDraft.objects.filter(application=None, updated_at__lte=cutoff)


def _jobseekers():
    """Accounts of people looking for work (not staff, not CMS editors, not members of an
    organisation) with nothing in progress, and when each was last used."""
    return (
        get_user_model()
        .objects.filter(is_staff=False, is_superuser=False, memberships__isnull=True)
        .filter(groups__isnull=True, user_permissions__isnull=True)
        .exclude(applications__stage__in=OPEN_STAGES)
        .annotate(last_seen=Coalesce("last_login", "date_joined"))
    )


def _inactive_since(now: datetime) -> datetime:
    return now - relativedelta(months=settings.INACTIVE_ACCOUNT_MONTHS)


def inactive_account_warnings_due(now: datetime):
    """Accounts unused for INACTIVE_ACCOUNT_MONTHS less INACTIVE_ACCOUNT_WARNING_DAYS, not warned
    since they were last used."""
    warn_from = _inactive_since(now) + timedelta(days=settings.INACTIVE_ACCOUNT_WARNING_DAYS)
    return (
        _jobseekers()
        .filter(last_seen__lte=warn_from)
        .filter(Q(inactivity_warning__isnull=True) | Q(inactivity_warning__sent_at__lt=F("last_seen")))
    )


def inactive_accounts_due(now: datetime):
    """Accounts unused for INACTIVE_ACCOUNT_MONTHS, warned at least INACTIVE_ACCOUNT_WARNING_DAYS
    ago and not used since the warning."""
    return _jobseekers().filter(
        last_seen__lte=_inactive_since(now),
        inactivity_warning__sent_at__lte=now - timedelta(days=settings.INACTIVE_ACCOUNT_WARNING_DAYS),
        inactivity_warning__sent_at__gte=F("last_seen"),
    )


def enquiries_due(now: datetime) -> QuerySet[Enquiry]:
    cutoff = now - relativedelta(months=settings.ENQUIRY_RETENTION_MONTHS)
    return Enquiry.objects.filter(anonymised=False, created_at__lte=cutoff)


def referrals_due(now: datetime) -> QuerySet[Referral]:
    """Referrals of account holders (an enquirer's go with the enquiry), as long as enquiries."""
    cutoff = now - relativedelta(months=settings.ENQUIRY_RETENTION_MONTHS)
    return Referral.objects.filter(created_at__lte=cutoff).exclude(shared={}, note="", decision_note="")


def equality_answers_due(now: datetime) -> QuerySet[EqualityResponse]:
    """Equality answers of people with no application still on record (all erased, or none made),
    RETENTION_MONTHS after they last answered."""
    cutoff = now - relativedelta(months=settings.RETENTION_MONTHS)
    return EqualityResponse.objects.filter(updated_at__lte=cutoff).exclude(
        user__applications__anonymised=False
    )


def job_alerts_due(now: datetime) -> QuerySet[JobAlert]:
    """Alerts never confirmed, and alerts stopped, UNCONFIRMED_ALERT_DAYS on."""
    cutoff = now - timedelta(days=settings.UNCONFIRMED_ALERT_DAYS)
    return JobAlert.objects.filter(
        Q(confirmed_at__isnull=True, created_at__lte=cutoff) | Q(unsubscribed_at__lte=cutoff)
    )


def access_log_due(now: datetime) -> QuerySet[PersonalDataAccess]:
    return PersonalDataAccess.objects.filter(at__lt=now - relativedelta(years=ACCESS_LOG_RETENTION_YEARS))


# --- What happens to them ----------------------------------------------------------------------------


def _each(function: Callable) -> Callable[[QuerySet, datetime], int]:
    def apply(rows: QuerySet, now: datetime) -> int:
        done = 0
        for row in rows.order_by("pk"):
            with transaction.atomic():
                done += int(function(row) is not False)
        return done

    return apply


def _erase_referral(referral: Referral) -> None:
    erase_referrals(Referral.objects.filter(pk=referral.pk))


def _delete(rows: QuerySet, now: datetime) -> int:
    erase_admin_log(rows.model, list(rows.values_list("pk", flat=True)))
    return rows.delete()[1].get(rows.model._meta.label, 0)


def _warn_inactive(user, now: datetime) -> None:
    deletion = now + timedelta(days=settings.INACTIVE_ACCOUNT_WARNING_DAYS)
    queue_email(
        user.email,
        "emails/account_inactive",
        {
            "name": user.first_name,
            "deletion_date": deletion,
            "sign_in_url": settings.SITE_URL + reverse("account_login"),
        },
    )
    InactivityWarning.objects.update_or_create(user=user, defaults={"sent_at": now})


def _warn_inactive_accounts(users: QuerySet, now: datetime) -> int:
    done = 0
    for user in users.order_by("pk"):
        with transaction.atomic():
            _warn_inactive(user, now)
            done += 1
    return done


def _delete_access_log(rows: QuerySet, now: datetime) -> int:
    """The log refuses deletes through the ORM (and, on PostgreSQL, any delete of a row younger
    than ACCESS_LOG_RETENTION_YEARS): rows past that age go through the cursor."""
    ids = list(rows.values_list("pk", flat=True))
    if not ids:
        return 0
    table = connection.ops.quote_name(PersonalDataAccess._meta.db_table)
    placeholders = ", ".join(["%s"] * len(ids))
    # The table name is the model's own and the ids are parameters: nothing comes from a person.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id IN ({placeholders})", ids)  # noqa: S608  # nosec B608
        return cursor.rowcount


LINES: dict[str, Line] = {
    line.name: line
    for line in (
        Line("hired_disclosures", hired_disclosures_due, _each(erase_offer_disclosure)),
        Line("hired_records", hired_records_due, _each(erase_application)),
        Line("stale_drafts", stale_drafts_due, _delete),
        Line("inactive_account_warnings", inactive_account_warnings_due, _warn_inactive_accounts),
        Line("inactive_accounts", inactive_accounts_due, _each(delete_account)),
        Line("enquiries", enquiries_due, _each(erase_enquiry)),
        Line("referrals", referrals_due, _each(_erase_referral)),
        Line("equality_answers", equality_answers_due, _delete),
        Line("job_alerts", job_alerts_due, _delete),
        Line("access_log", access_log_due, _delete_access_log),
    )
}


def due_ids(name: str, now: datetime | None = None) -> list[int]:
    now = now or timezone.now()
    return list(LINES[name].due(now).order_by("pk").values_list("pk", flat=True).distinct())


def apply_line(name: str, ids: Iterable[int], now: datetime | None = None) -> int:
    """Apply one line of the schedule to those of `ids` that are still due; returns how many."""
    now = now or timezone.now()
    line = LINES[name]
    due = line.due(now)
    still_due = set(due.filter(pk__in=list(ids)).values_list("pk", flat=True))
    done = line.apply(due.model.objects.filter(pk__in=still_due), now)
    logger.info("Retention (%s): %s done", name, done)
    return done


def batched(ids: list[int], size: int = BATCH_SIZE) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
