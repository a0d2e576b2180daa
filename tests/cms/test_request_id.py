"""Every response carries a request id (the proxy's X-Request-ID if it looks safe, or one of ours),
the log lines written while handling it carry the same id, and the error pages show it to quote.
The 500 and 503 pages do not claim that what the person sent was saved."""

import logging
import re

import pytest

from django.test import Client

pytestmark = pytest.mark.django_db

OURS = re.compile(r"[0-9a-f]{32}")


def test_a_response_carries_a_new_request_id_when_the_proxy_sends_none(client, home_page):
    first = client.get("/")
    second = client.get("/")

    assert OURS.fullmatch(first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_the_proxys_request_id_is_kept_when_it_looks_safe(client, home_page):
    response = client.get("/", headers={"X-Request-ID": "7f3c2a9e-1b4d-4c6e-9a8b-2d5f6e7a8b9c"})

    assert response["X-Request-ID"] == "7f3c2a9e-1b4d-4c6e-9a8b-2d5f6e7a8b9c"


@pytest.mark.parametrize(
    "header",
    ["<script>alert(1)</script>", "abc", "id with spaces in it", "x" * 200, "good-id\r\nSet-Cookie: a=b"],
)
def test_a_request_id_that_does_not_look_safe_is_replaced(client, home_page, header):
    response = client.get("/", headers={"X-Request-ID": header})

    assert OURS.fullmatch(response["X-Request-ID"])


def test_the_404_page_shows_the_reference_to_quote(client, home_page):
    response = client.get("/no-such-page/", headers={"X-Request-ID": "req-404-abcdef12"})

    page = response.content.decode()
    assert response.status_code == 404
    assert "quote this reference: <strong>req-404-abcdef12</strong>" in page


def test_the_400_page_shows_the_reference_to_quote(home_page):
    response = Client(HTTP_HOST="not-our-site.example").get("/", headers={"X-Request-ID": "req-400-abcdef12"})

    assert response.status_code == 400
    assert "quote this reference: <strong>req-400-abcdef12</strong>" in response.content.decode()
    assert response["X-Request-ID"] == "req-400-abcdef12"


@pytest.fixture
def failing_views(settings):
    settings.ROOT_URLCONF = "tests.cms.request_id_urls"
    return Client(raise_request_exception=False)


def test_the_403_page_shows_the_reference_to_quote(failing_views, home_page):
    response = failing_views.get("/test-forbidden/", headers={"X-Request-ID": "req-403-abcdef12"})

    assert response.status_code == 403
    assert "quote this reference: <strong>req-403-abcdef12</strong>" in response.content.decode()


def test_the_500_page_is_honest_and_its_reference_is_in_the_log(failing_views, home_page, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = failing_views.get("/test-broken/", headers={"X-Request-ID": "req-500-abcdef12"})

    page = response.content.decode()
    assert response.status_code == 500
    assert "what you submitted may not have been saved" in page
    assert "Nothing you submitted has been lost" not in page
    assert "quote this reference: <strong>req-500-abcdef12</strong>" in page
    assert response["X-Request-ID"] == "req-500-abcdef12"
    logged = [record for record in caplog.records if record.name == "django.request"]
    assert logged and all(record.request_id == "req-500-abcdef12" for record in logged)


def test_a_lost_database_is_a_503_try_again_page(failing_views, home_page):
    response = failing_views.get("/test-database-gone/", headers={"X-Request-ID": "req-503-abcdef12"})

    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Sorry, the service is temporarily unavailable" in page
    assert "what you submitted may not have been saved" in page
    assert "quote this reference: <strong>req-503-abcdef12</strong>" in page
