"""Staff must sign in with a second factor: no portal or CMS admin until an authenticator is set up."""

from __future__ import annotations

from allauth.mfa.models import Authenticator

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from ats.permissions import is_staff_member

PROTECTED_PREFIXES = ("/recruit/", "/admin/")


class RequireStaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(PROTECTED_PREFIXES) and self._needs_mfa(request.user):
            messages.warning(
                request,
                "Your account can see candidates' personal data, so it must be protected with an "
                "authenticator app. Set one up below to continue.",
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _needs_mfa(user) -> bool:
        if not user.is_authenticated or not is_staff_member(user):
            return False
        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
