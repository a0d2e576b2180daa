"""Cookie consent: essential cookies only until the visitor accepts analytics.

The choice lives in a first-party cookie. The banner posts a plain form (works without JavaScript);
the analytics script, served from our own domain, is only included once the cookie says 'accepted'.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponseForbidden, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

CONSENT_COOKIE = "cookie_consent"  # shared with cms.attribution
CONSENT_MAX_AGE = 365 * 24 * 3600
STATES = {"accepted", "rejected"}


def consent_state(request: HttpRequest) -> str:
    value = request.COOKIES.get(CONSENT_COOKIE, "")
    return value if value in STATES else ""


def _same_origin(request: HttpRequest) -> bool:
    """True when the browser says the form was posted from this site (Origin, else Referer)."""
    source = request.META.get("HTTP_ORIGIN") or request.META.get("HTTP_REFERER") or ""
    host = urlsplit(source).netloc
    return bool(host) and host == request.get_host()


# No CSRF token on purpose: a token in the banner would put a per-visitor value on every page and
# stop anonymous pages being cached. Instead the view checks the Origin (or Referer) header, which
# browsers always send on a form POST, and refuses anything not posted from this site.
@csrf_exempt
@require_POST
def set_cookie_consent(request: HttpRequest):
    if not _same_origin(request):
        return HttpResponseForbidden("Cookie choices can only be made on this site.")
    choice = "accepted" if request.POST.get("analytics") == "yes" else "rejected"
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=False):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        CONSENT_COOKIE, choice, max_age=CONSENT_MAX_AGE, samesite="Lax", secure=request.is_secure()
    )
    return response
