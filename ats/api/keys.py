"""API keys: make, rotate, revoke and check them. A key reads `ccne_<prefix>_<secret>`; only the
SHA-256 of the whole key is stored (a key is 190 random bits, so a fast hash is enough; passwords
need a slow one because people choose them). Each change is written to the audit log."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone

from ats.api.audit import record_api_change
from ats.api.models import ApiKey
from ats.organisations.models import Organisation

KEY_START = "ccne_"


class ApiKeyError(ValueError):
    pass


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _new_secret() -> tuple[str, str]:
    prefix = secrets.token_hex(4)
    return prefix, f"{KEY_START}{prefix}_{secrets.token_urlsafe(24)}"


def create_api_key(organisation: Organisation, *, name: str, by) -> tuple[ApiKey, str]:
    """A new key; returns it with the whole key, which is never shown again."""
    prefix, key = _new_secret()
    api_key = ApiKey.objects.create(
        organisation=organisation, name=name, prefix=prefix, secret_hash=_hash(key), created_by=by
    )
    record_api_change(api_key, "ats.api_key.create", user=by, data={"prefix": prefix})
    return api_key, key


def rotate_api_key(api_key: ApiKey, *, by) -> tuple[ApiKey, str]:
    """A new key with the same name; the old one stops working at once."""
    with transaction.atomic():
        old = ApiKey.objects.select_for_update().get(pk=api_key.pk)
        if old.revoked_at is not None:
            raise ApiKeyError("This key has already been revoked or replaced. Make a new key instead.")
        new, key = create_api_key(old.organisation, name=old.name, by=by)
        old.revoked_at = timezone.now()
        old.replaced_by = new
        old.save(update_fields=["revoked_at", "replaced_by"])
        record_api_change(old, "ats.api_key.rotate", user=by, data={"prefix": old.prefix, "new": new.prefix})
    return new, key


def revoke_api_key(api_key: ApiKey, *, by) -> ApiKey:
    with transaction.atomic():
        key = ApiKey.objects.select_for_update().get(pk=api_key.pk)
        if key.revoked_at is None:
            key.revoked_at = timezone.now()
            key.save(update_fields=["revoked_at"])
            record_api_change(key, "ats.api_key.revoke", user=by, data={"prefix": key.prefix})
    return key


def key_for(token: str) -> ApiKey | None:
    """The active key this token is, or None. Compared in constant time."""
    if not token.startswith(KEY_START):
        return None
    prefix = token[len(KEY_START) :].split("_", 1)[0]
    api_key = (
        ApiKey.objects.select_related("organisation").filter(prefix=prefix, revoked_at__isnull=True).first()
    )
    if api_key is None or not hmac.compare_digest(api_key.secret_hash, _hash(token)):
        return None
    return api_key


def mark_used(api_key: ApiKey) -> None:
    """At most one write a minute per key, so a busy key does not write on every request."""
    now = timezone.now()
    if api_key.last_used_at is None or (now - api_key.last_used_at).total_seconds() > 60:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now


def active_keys(organisation: Organisation):
    return organisation.api_keys.filter(revoked_at__isnull=True).select_related("created_by")
