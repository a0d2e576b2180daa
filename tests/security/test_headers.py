"""Security headers on public pages, forms and the admin; HSTS in production."""

import pytest

PUBLIC_URLS = [
    "/",
    "/jobs/",
    "/search/?q=care",
    "/accounts/login/",
    "/accounts/signup/",
    "/healthz",
    "/robots.txt",
]


@pytest.fixture
def responses(client, home_page):
    return {url: client.get(url) for url in PUBLIC_URLS}


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_responses_carry_the_security_headers(responses, url):
    response = responses[url]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_csp_allows_no_inline_script_and_no_third_party_script(responses, url):
    policy = dict(
        ([*part.strip().split(" ", 1), ""])[:2]
        for part in responses[url]["Content-Security-Policy"].split(";")
    )
    script = policy["script-src"]
    assert "'unsafe-inline'" not in script
    assert "'unsafe-eval'" not in script
    assert all(source in {"'self'"} or source.startswith("'nonce-") for source in script.split())
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"


def test_a_nonce_is_fresh_on_every_response(client, home_page):
    first = client.get("/")["Content-Security-Policy"]
    second = client.get("/")["Content-Security-Policy"]
    if "nonce-" in first:
        assert first != second


def test_hsts_is_sent_over_https_in_production_settings(client, home_page, settings):
    settings.SECURE_HSTS_SECONDS = 63_072_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True

    response = client.get("/", secure=True)

    assert response["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains; preload"


def test_error_pages_do_not_leak_a_stack_trace(client, home_page):
    response = client.get("/no-such-page-here/")
    assert response.status_code == 404
    assert b"Traceback" not in response.content
    assert b"search for care jobs" in response.content
