"""Signing a person out everywhere (ADR 0013)."""

from __future__ import annotations

from allauth.usersessions.models import UserSession

from cms.models import User


def end_sessions(user: User) -> int:
    """End every session the person is signed in with, on any device: each sign-in through allauth
    (the only way in) is recorded by allauth.usersessions. Returns how many were ended."""
    sessions = list(UserSession.objects.filter(user=user))
    for session in sessions:
        session.end()
    return len(sessions)
