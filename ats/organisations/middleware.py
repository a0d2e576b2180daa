"""Staff must pass a second factor in the session that uses a staff URL (ADR 0007, ADR 0013), and
private pages are never stored by browsers or proxies."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from ats.organisations.second_factor import (
    has_authenticator,
    keep_staff_session_short,
    needs_second_factor,
    passed_second_factor,
)

# Every staff URL: the recruiter portal (enquiries, routing, courses, equality reports, CV downloads
# and exports are all under /recruit/) and the Wagtail admin.
PROTECTED_PREFIXES = ("/recruit/", "/admin/")
# Account pages that change how the person signs in: a session that has not passed the second
# factor must not remove or replace the authenticator, or change the email or password.
ACCOUNT_SECURITY_PREFIXES = (
    "/accounts/2fa/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/password/set/",
    "/accounts/sessions/",
)


class RequireStaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        staff_url = path.startswith(PROTECTED_PREFIXES) and path != reverse("wagtailadmin_logout")
        if (staff_url or path.startswith(ACCOUNT_SECURITY_PREFIXES)) and needs_second_factor(request.user):
            if not has_authenticator(request.user):
                if staff_url:
                    messages.warning(
                        request,
                        "Your account can see candidates' personal data, so it must be protected with an "
                        "authenticator app. Set one up below to continue.",
                    )
                    return redirect(reverse("mfa_activate_totp"))
            elif not passed_second_factor(request):
                code_page = reverse("mfa_reauthenticate")
                if path != code_page:
                    return redirect_to_login(request.get_full_path(), login_url=code_page)
            elif staff_url:
                keep_staff_session_short(request)
        return self.get_response(request)


# Pages with personal data or a person's own state: the recruiter portal, the candidate's pages,
# applying, booking an interview, the disclosure form, account pages and the Wagtail admin.
PRIVATE_NAMESPACES = frozenset({"recruit", "routing", "equality", "candidate", "apply", "hiring"})
PRIVATE_PREFIXES = ("/recruit/", "/me/", "/accounts/", "/admin/")


class NoStoreMiddleware:
    """`Cache-Control: no-store` (Django's never-cache headers) on private pages, so the back button
    or a shared proxy never shows one person's data to the next user of a shared computer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = request.resolver_match
        private = request.path.startswith(PRIVATE_PREFIXES) or (
            match is not None and PRIVATE_NAMESPACES.intersection(match.namespaces)
        )
        if private:
            add_never_cache_headers(response)
        return response
