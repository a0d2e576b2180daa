"""The Wagtail admin's password reset, with the per-client limit every public form has."""

from __future__ import annotations

from django.template.response import TemplateResponse

from wagtail.admin.views.account import PasswordResetView

from ats.services import ratelimit


class AdminPasswordResetView(PasswordResetView):
    """Wagtail's view (its form comes from WAGTAILADMIN_USER_PASSWORD_RESET_FORM); a client past
    FORM_RATE_LIMIT posts in the window gets the "too many attempts" page and no email is sent."""

    template_name = "wagtailadmin_overrides/password_reset_form.html"

    def post(self, request, *args, **kwargs):
        if not ratelimit.allow(request, "admin-password-reset"):
            return TemplateResponse(request, "ats/apply/too_many.html", status=429)
        return super().post(request, *args, **kwargs)
