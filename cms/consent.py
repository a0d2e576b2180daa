"""Cookie consent: essential cookies only until the visitor accepts analytics.

The choice lives in a first-party cookie. The banner posts a plain form (works without JavaScript);
the analytics script, served from our own domain, is only included once the cookie says 'accepted'.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

CONSENT_COOKIE = "ccne_cookie_consent"
CONSENT_MAX_AGE = 365 * 24 * 3600
STATES = {"accepted", "rejected"}


def consent_state(request: HttpRequest) -> str:
    value = request.COOKIES.get(CONSENT_COOKIE, "")
    return value if value in STATES else ""


# CSRF-exempt on purpose: the only effect is the visitor's own cookie preference, and exempting it
# keeps every page free of a CSRF token so anonymous pages can be cached.
@csrf_exempt
@require_POST
def set_cookie_consent(request: HttpRequest):
    choice = "accepted" if request.POST.get("analytics") == "yes" else "rejected"
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=False):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        CONSENT_COOKIE, choice, max_age=CONSENT_MAX_AGE, samesite="Lax", secure=request.is_secure()
    )
    return response
