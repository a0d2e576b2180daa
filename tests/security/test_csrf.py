"""Every URL in the URL configuration refuses a state-changing request without a CSRF token.

Generated from the URL configuration, so a new view that forgets CSRF protection fails here. The
only exemptions are listed, each with its reason."""

import re
import uuid

import pytest

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.fixtures.signed_in import SignedInClient

# Views that must accept a POST without a CSRF token, and why.
CSRF_EXEMPT_ALLOWED = {
    # RFC 8058 one-click unsubscribe: mail clients POST without a session or token; the signed
    # token in the URL is the authority.
    "alert-unsubscribe",
}


# The employers' API (ats/api) authenticates each request by its API key header alone, never by a
# cookie, so a cross-site request has no credential to ride on: a signed-in browser is refused
# (test_the_api_ignores_a_signed_in_browser below).
API_PREFIX = "/api/v1/"


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


_PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


def _concrete(route: str) -> str | None:
    if route.startswith("^") or "(?P" in route or "\\" in route:
        return None  # regex routes (Wagtail internals) are covered by their own tests
    # The same filler in every process: pytest-xdist's workers must collect the same test ids.
    filler = {"uuid": str(uuid.UUID(int=1)), "int": "1", "slug": "x", "str": "x", "path": "x"}
    return "/" + _PARAM.sub(lambda m: filler.get(m.group("conv") or "str", "x"), route)


ROUTES = sorted(
    {
        (url, entry.name or "")
        for route, entry in _walk(get_resolver().url_patterns)
        if (url := _concrete(route)) is not None
        and not url.startswith(("/admin/", "/static/", "/media/", API_PREFIX))
        and entry.name not in CSRF_EXEMPT_ALLOWED
    }
)


@pytest.mark.parametrize(("url", "name"), ROUTES)
def test_post_without_csrf_token_is_refused(url, name, home_page, regional_admin):
    client = SignedInClient(enforce_csrf_checks=True)
    client.force_login(regional_admin)

    response = client.post(url, {"anything": "1"})

    assert response.status_code == 403, f"{url} ({name}) accepted a POST without a CSRF token"


def test_wagtail_admin_forms_refuse_posts_without_csrf(home_page, regional_admin):
    client = SignedInClient(enforce_csrf_checks=True)
    client.force_login(regional_admin)

    response = client.post(f"/admin/pages/{home_page.pk}/edit/", {"title": "Hacked"})

    assert response.status_code == 403
    home_page.refresh_from_db()
    assert home_page.title != "Hacked"


def test_the_exempt_one_click_unsubscribe_does_nothing_without_a_valid_signed_token(db):
    from django.utils import timezone

    from ats.models import JobAlert

    alert = JobAlert.objects.create(email="jo@example.org", confirmed_at=timezone.now())
    response = Client(enforce_csrf_checks=True).post(f"/jobs/alerts/unsubscribe/{alert.public_id}/")

    assert response.status_code in {200, 400, 404}
    alert.refresh_from_db()
    assert alert.unsubscribed_at is None


@pytest.mark.parametrize(
    "url", ["/api/v1/vacancies", "/api/v1/vacancies/00000000-0000-0000-0000-000000000001/close"]
)
def test_the_api_ignores_a_signed_in_browser(url, home_page, regional_admin):
    client = SignedInClient(enforce_csrf_checks=True)
    client.force_login(regional_admin)

    response = client.post(url, {"anything": "1"})

    assert response.status_code == 401  # no API key: the session counts for nothing here
