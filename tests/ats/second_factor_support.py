"""Signing in through the real forms, for the second-factor and session tests."""

from __future__ import annotations

import re
import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from django.core import mail

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory


def current_code(secret: str, steps: int = 0) -> str:
    """The authenticator's code now, or `steps` 30-second steps away. allauth refuses a code used
    twice, so a test that enters several codes takes a different step for each (tolerance is 1)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD + steps))


def sign_in_with_password(client, email: str, password: str = PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def sign_in_fully(client, email: str, secret: str, password: str = PASSWORD, steps: int = 0):
    """Password, then the authenticator code: what a member of staff does every morning."""
    first = sign_in_with_password(client, email, password)
    assert first["Location"] == "/accounts/2fa/authenticate/", first
    return client.post("/accounts/2fa/authenticate/", {"code": current_code(secret, steps)})


def emailed_link(path_start: str) -> str:
    """The path of the last email's link that starts with `path_start`."""
    match = re.search(rf"https?://[^/\s]+({re.escape(path_start)}\S*)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)
