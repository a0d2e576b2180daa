"""Account forms reached without signing in: allauth's password reset (the Wagtail admin's is off,
ADR 0013), with the minimum fill time of every public form (cms/fill_time.py)."""

from __future__ import annotations

from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm

from cms.fill_time import FillTimeMixin


class ResetPasswordForm(FillTimeMixin, AllauthResetPasswordForm):
    """ACCOUNT_FORMS["reset_password"]."""
