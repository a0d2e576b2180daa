"""Typed helpers for reading the environment: the one place settings read os.environ."""

from __future__ import annotations

import os
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"{name} is not set: set the {name} environment variable.")
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from exc


def env_list(name: str, default: list[str] | None = None, *, required: bool = False) -> list[str]:
    value = env_str(name, required=required)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def email_settings(url: str | None) -> dict[str, dict]:
    """Translate EMAIL_URL (smtp://user:pass@host:587?tls=1, smtps://..., console://) to Django's
    MAILERS setting (one "default" mailer)."""
    if not url:
        return {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    parsed = urlparse(url)
    query = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
    if parsed.scheme == "console":
        return {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    if parsed.scheme == "locmem":
        return {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    if parsed.scheme not in {"smtp", "smtps", "submission"}:
        raise ImproperlyConfigured(
            f"EMAIL_URL scheme {parsed.scheme!r} is not supported: use smtp://, smtps:// or console://."
        )
    return {
        "default": smtp_mailer(
            host=parsed.hostname or "localhost",
            port=parsed.port or (465 if parsed.scheme == "smtps" else 587),
            username=unquote(parsed.username or ""),
            password=unquote(parsed.password or ""),
            use_ssl=parsed.scheme == "smtps",
            use_tls=parsed.scheme != "smtps" and query.get("tls", "1") in _TRUE,
            timeout=int(query.get("timeout", "10")),
        )
    }


def smtp_mailer(**options) -> dict:
    """A MAILERS entry for Django's SMTP backend (options: host, port, username, password, use_tls,
    use_ssl, timeout)."""
    return {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}


def s3_storages(
    *, bucket: str, endpoint_url: str | None, region: str, custom_domain: str | None, private_expiry: int
) -> dict[str, dict]:
    """STORAGES for S3: a public prefix for images and documents, a private prefix for CVs that is
    only reachable through signed URLs that expire after `private_expiry` seconds."""
    common = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url,
        "region_name": region,
        "file_overwrite": False,
        "signature_version": "s3v4",
    }
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "location": "public",
                "default_acl": "public-read",
                "querystring_auth": False,
                "custom_domain": custom_domain,
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "location": "private",
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": private_expiry,
            },
        },
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
