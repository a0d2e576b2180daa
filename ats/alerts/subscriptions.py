"""Job alerts: make one from a search, double opt-in (a signed confirmation link), unsubscribe.

Matching the run's new jobs is `ats.alerts.matching`; the digests, `ats.alerts.digests`.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ats.alerts.models import JobAlert
from cms.email import queue_email

SALT_CONFIRM = "ats.alerts.confirm"
SALT_UNSUBSCRIBE = "ats.alerts.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600
CRITERIA_KEYS = [
    "q", "postcode", "council", "radius", "role_ids", "setting", "contract", "pattern", "hours", "kind", "area_ids", "min_pay",
    "no_driving", "sponsorship", "new_to_care",
]  # fmt: skip


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
