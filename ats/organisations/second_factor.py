"""Has this session passed the second factor? (ADR 0013)

Staff (organisation members, regional admins, CMS editors and anyone else who may open the
Wagtail admin) must enter a code from their authenticator app in the session that uses a staff
URL, whatever way the session was signed in. allauth asks for the code in its own login flow and on
its "enter a code" page (`mfa_reauthenticate`); each time a code is accepted, or an authenticator
is set up with one, it sends a signal and `record_second_factor` writes a mark into the session.

The mark names the user and their session hash (`get_session_auth_hash`, which changes with the
password), so it is worthless to any other user, and a password change or reset, here or on
another device, asks for the code again. Django's `login()` keeps the session's data only for the
same user (it flushes the session when another user signs in over it).

A staff session also ends after `STAFF_SESSION_IDLE_MINUTES` without a staff request.
"""

from __future__ import annotations

import time

from allauth.mfa.models import Authenticator

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare

from ats.organisations.permissions import is_staff_member

SESSION_KEY = "staff_second_factor"


def needs_second_factor(user) -> bool:
    """Anyone who works in the portal or may open the Wagtail admin."""
    if not user.is_authenticated:
        return False
    return is_staff_member(user) or user.has_perm("wagtailadmin.access_admin")


def has_authenticator(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def mark_second_factor(session: SessionBase, user) -> None:
    """Write into `session` that `user` has passed the second factor in it."""
    session[SESSION_KEY] = {"user": str(user.pk), "hash": user.get_session_auth_hash()}


def passed_second_factor(request: HttpRequest) -> bool:
    """True when the signed-in user passed the second factor in this session, since their password
    last changed."""
    user = request.user
    mark = request.session.get(SESSION_KEY)
    if not user.is_authenticated or not isinstance(mark, dict) or mark.get("user") != str(user.pk):
        return False
    return constant_time_compare(str(mark.get("hash", "")), user.get_session_auth_hash())


# The idle clock is wound on at most once a minute: a staff page fires several requests at once
# (the Wagtail admin's scripts), and saving the session on each would write it for nothing.
IDLE_CLOCK_KEY = "staff_idle_clock"
IDLE_CLOCK_STEP_SECONDS = 60


def keep_staff_session_short(request: HttpRequest) -> None:
    """The session ends `STAFF_SESSION_IDLE_MINUTES` after the last staff request (to the minute)."""
    now = int(time.time())
    if now - request.session.get(IDLE_CLOCK_KEY, 0) >= IDLE_CLOCK_STEP_SECONDS:
        request.session[IDLE_CLOCK_KEY] = now
        request.session.set_expiry(settings.STAFF_SESSION_IDLE_MINUTES * 60)


def record_second_factor(request: HttpRequest, user) -> None:
    mark_second_factor(request.session, user)
    if needs_second_factor(user):
        keep_staff_session_short(request)


def on_authenticator_used(sender, request: HttpRequest, user, **kwargs) -> None:
    """allauth.mfa.signals.authenticator_used: a code was accepted at sign-in or on the
    "enter a code" page."""
    record_second_factor(request, user)


def on_authenticator_added(sender, request: HttpRequest, user, authenticator, **kwargs) -> None:
    """allauth.mfa.signals.authenticator_added: the user set up an authenticator app by entering
    one of its codes, which proves they hold it. (Recovery codes are added without a code.)"""
    if authenticator.type == Authenticator.Type.TOTP:
        record_second_factor(request, user)
