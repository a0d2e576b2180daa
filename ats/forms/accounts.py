"""Account forms reached without signing in: password resets (allauth's and the Wagtail admin's),
with the minimum fill time of every public form (cms/fill_time.py)."""

from __future__ import annotations

from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm

from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm

from cms.fill_time import FillTimeMixin


class ResetPasswordForm(FillTimeMixin, AllauthResetPasswordForm):
    """ACCOUNT_FORMS["reset_password"]."""


class AdminPasswordResetForm(FillTimeMixin, WagtailPasswordResetForm):
    """WAGTAILADMIN_USER_PASSWORD_RESET_FORM."""
