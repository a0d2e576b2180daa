"""Campaign attribution: the first and the last touch of a visitor, kept in a signed cookie.

A touch is where a visit came from: the UTM parameters, the referring host and the landing page.
The first touch is written once; the last touch is replaced whenever a visit arrives with a new
campaign signal (UTM parameters or a referrer from another site). Whatever the visitor later
submits (event registration, application, enquiry) stores `get_attribution(request)`.

Basis (the same words as the demo "Privacy and cookies" page, `campaign/demo.py`): the cookie is
set without asking first under PECR's statistical-purposes exception (Schedule A1, in force since
5 February 2026), which needs clear information and an easy way to object; storing the touch with
what the visitor sends is part of the councils' public task of supporting the care workforce (UK
GDPR article 6(1)(e)), not "legitimate interests", which public authorities cannot use for their
tasks. Nothing leaves the site. A visitor who rejects optional cookies (cookie
`cookie_consent=rejected`) gets no attribution cookie.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlparse

from django.conf import settings
from django.core import signing
from django.utils import timezone

COOKIE_NAME = "ccne_attr"
COOKIE_SALT = "cms.attribution"
COOKIE_MAX_AGE = 90 * 24 * 3600
CONSENT_COOKIE = "cookie_consent"
UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term")
SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/documents/", "/healthz", "/django-admin/", "/recruit/")
MAX_VALUE_LENGTH = 200

# One line for privacy pages and the cookie page: why we may set the campaign cookie.
CONSENT_BASIS = (
    "We set this cookie without asking first because the law allows cookies used only to count how a "
    "website is used (PECR's statistical-purposes exception), as long as we tell you and you can say no: "
    "reject analytics cookies and we will not set it. Storing it with what you send us is part of the "
    "councils' public task of recruiting care staff (UK GDPR article 6(1)(e))."
)


def _clean(value: str) -> str:
    return "".join(ch for ch in value if ch.isprintable())[:MAX_VALUE_LENGTH]


def touch_from_request(request) -> dict[str, str] | None:
    """The campaign signal of this request, or None if it carries none (an internal click)."""
    if not request.META.get("QUERY_STRING") and not request.META.get("HTTP_REFERER"):
        return None  # no UTM parameters and no referrer: most page views, without parsing either
    utm = {key: _clean(request.GET[key]) for key in UTM_KEYS if request.GET.get(key)}
    referrer_host = urlparse(request.META.get("HTTP_REFERER", "")).hostname or ""
    external = bool(referrer_host) and referrer_host != request.get_host().split(":")[0]
    if not utm and not external:
        return None
    landing = request.path
    if utm:
        landing += "?" + urlencode(utm)
    return {
        **{key: utm.get(key, "") for key in UTM_KEYS},
        "referrer_host": _clean(referrer_host) if external else "",
        "landing_page": _clean(landing),
        "at": timezone.now().isoformat(timespec="seconds"),
    }


def direct_touch(request) -> dict[str, str]:
    """A first visit with no campaign signal: typed the address or came from a bookmark."""
    return {
        **dict.fromkeys(UTM_KEYS, ""),
        "referrer_host": "",
        "landing_page": _clean(request.path),
        "at": timezone.now().isoformat(timespec="seconds"),
    }


def _signed_value(request) -> str | None:
    """The cookie's payload if its signature (and age) checks out, else None."""
    try:
        value = request.get_signed_cookie(COOKIE_NAME, salt=COOKIE_SALT, default=None, max_age=COOKIE_MAX_AGE)
    except signing.BadSignature:
        return None
    return value or None


def read_cookie(request) -> dict[str, Any] | None:
    value = _signed_value(request)
    if value is None:
        return None
    try:
        data = signing.loads(value, salt=COOKIE_SALT + ".payload")
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) and "first" in data else None


def get_attribution(request) -> dict[str, Any]:
    """First and last touch for whatever the visitor submits now: {"first": {...}, "last": {...}}.

    Uses the touch recorded by the middleware on this request if the cookie was just set."""
    rejected = request.COOKIES.get(CONSENT_COOKIE) == "rejected"
    data = getattr(request, "_attribution", None) or (None if rejected else read_cookie(request))
    if not data:
        touch = touch_from_request(request) or direct_touch(request)
        data = {"first": touch, "last": touch}
    return data


class AttributionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        update = None
        if (
            request.method == "GET"
            and not request.path.startswith(SKIP_PREFIXES)
            and request.COOKIES.get(CONSENT_COOKIE) != "rejected"
        ):
            touch = touch_from_request(request)
            if touch is None:
                # An internal click changes nothing when the cookie's signature checks out, so its
                # payload is not decoded: the signature covers the payload, which only this
                # middleware writes (always both touches). Where the touches are read
                # (get_attribution), read_cookie still checks the payload's own signature too.
                if _signed_value(request) is None:
                    update = {"first": direct_touch(request), "last": direct_touch(request)}
            else:
                existing = read_cookie(request)
                update = {"first": existing["first"] if existing else touch, "last": touch}
            if update:
                request._attribution = update
        response = self.get_response(request)
        if request.COOKIES.get(CONSENT_COOKIE) == "rejected" and COOKIE_NAME in request.COOKIES:
            # Said no after the cookie was set: delete it, and get_attribution ignores it meanwhile.
            response.delete_cookie(COOKIE_NAME, samesite="Lax")
        if update:
            response.set_signed_cookie(
                COOKIE_NAME,
                signing.dumps(update, salt=COOKIE_SALT + ".payload", compress=True),
                salt=COOKIE_SALT,
                max_age=COOKIE_MAX_AGE,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
