"""The employers' API (django-ninja): one organisation's vacancies and its applications' progress,
for the organisation's own systems. Every request carries an API key (`Authorization: Bearer
ccne_...`), which belongs to one organisation: another organisation's vacancy or application is a
404, as in the portal. Each key may make API_RATE_LIMIT requests a minute (cms/ratelimit.py);
more get a 429 with Retry-After. The OpenAPI description is /api/v1/openapi.json."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.errors import Throttled
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from django.conf import settings
from django.http import HttpRequest

from ats.api import keys
from ats.api.models import ApiKey
from ats.api.views import endpoints
from cms import ratelimit


class KeyAuth(HttpBearer):
    """`Authorization: Bearer <key>`: the key's organisation is the request's scope."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        api_key = keys.key_for(token)
        if api_key is not None:
            keys.mark_used(api_key)
        return api_key


class PerKeyThrottle(BaseThrottle):
    """API_RATE_LIMIT requests per key in each window of API_RATE_WINDOW_SECONDS (a clock minute),
    counted with the public forms' limiter."""

    def allow_request(self, request: HttpRequest) -> bool:
        return ratelimit.allow_key(
            "api",
            str(request.auth.pk),
            limit=settings.API_RATE_LIMIT,
            window=settings.API_RATE_WINDOW_SECONDS,
        )

    def wait(self) -> float:
        return ratelimit.seconds_left(settings.API_RATE_WINDOW_SECONDS)


api = NinjaAPI(
    title="Care Careers North East: employers' API",
    version="1",
    description=(
        "Post and manage your organisation's vacancies and follow your applications from your own "
        "systems. Ask your organisation's admin for an API key (Recruiter portal, Organisations, API "
        "keys) and send it as `Authorization: Bearer <key>`. Writes accept an `Idempotency-Key` "
        "header: a write sent again with the same key is done once and answered as before. "
        f"Each key may make {settings.API_RATE_LIMIT} requests a minute."
    ),
    urls_namespace="api",
    auth=KeyAuth(),
    throttle=[PerKeyThrottle()],
    docs_url="/docs",
)


@api.exception_handler(Throttled)
def too_many_requests(request: HttpRequest, exc: Throttled):
    response = api.create_response(
        request, {"detail": "Too many requests for this API key. Wait a moment and try again."}, status=429
    )
    if exc.wait:
        response["Retry-After"] = str(int(exc.wait))
    return response


api.add_router("", endpoints.router)
