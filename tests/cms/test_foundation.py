"""The foundation: pages answer, the health check tells the truth, production refuses bad config."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]


def test_home_page_renders_through_wagtail(client, home_page):
    home_page.hero_text = "Find a care job near you"
    home_page.save_revision().publish()

    response = client.get("/")

    assert response.status_code == 200
    assert response.templates[0].name == "campaign/home_page.html"
    body = response.content.decode()
    assert "Care is a job that matters" in body
    assert "Find a care job near you" in body
    assert 'href="#main-content"' in body  # skip link


def test_brand_name_comes_from_site_settings(client, home_page):
    from wagtail.models import Site

    from cms.models import SiteSettings

    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.brand_name = "Work in Care Tees Valley"
    settings.save()

    assert "Work in Care Tees Valley" in client.get("/").content.decode()


def test_admin_login_page_is_the_sites_sign_in(client, db):
    """One way to sign in, with the second factor for staff (ADR 0013)."""
    response = client.get("/admin/login/", follow=True)
    assert response.redirect_chain[0][0] == "/accounts/login/"
    assert b'name="login"' in response.content and b'name="password"' in response.content


def test_admin_redirects_anonymous_visitors_to_login(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"


def test_public_pages_send_a_strict_content_security_policy(client, home_page):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy


def test_healthz_reports_every_part_ok(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["status"] == "ok"
    assert set(data["checks"]) == {"database", "cache", "broker", "storage"}
    assert data["checks"]["database"] == "ok"
    assert data["checks"]["storage"] == "ok"


@override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL="redis://127.0.0.1:1/0")
def test_healthz_is_503_when_the_broker_is_down(client, db):
    response = client.get("/healthz")

    assert response.status_code == 503
    data = json.loads(response.content)
    assert data == {
        "status": "unavailable",
        "checks": {"database": "ok", "cache": "ok", "broker": "unavailable", "storage": "ok"},
    }
    assert b"Traceback" not in response.content


def _manage(args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        # DJANGO_ALLOW_ASYNC_UNSAFE is set in this process by the browser fixture (Playwright's
        # event loop); a deployment never has it, and check --deploy rightly fails on it.
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_without_secret_key_exit_with_a_clear_message():
    result = _manage(
        ["check"], DJANGO_SETTINGS_MODULE="cms.settings.production", ALLOWED_HOSTS="care.example"
    )

    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == "Configuration error: SECRET_KEY is not set: set the SECRET_KEY environment variable."
    )


def test_production_settings_without_allowed_hosts_name_the_variable():
    result = _manage(["check"], DJANGO_SETTINGS_MODULE="cms.settings.production", SECRET_KEY="x" * 60)

    assert result.returncode == 1
    assert "ALLOWED_HOSTS is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_settings_pass_check_deploy_without_warnings():
    result = _manage(
        ["check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="throwaway-" + "k8Jq2vX9pLm4Rt7Wz1Nb5Hc3Yd6Fg0Sa" * 2,
        ALLOWED_HOSTS="care.example",
        CLAMD_HOST="clamav.internal",  # production needs a virus scanner (tests/ats/test_virus_scanning.py)
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (None, "django.core.mail.backends.console.EmailBackend"),
        ("smtp://user:p%40ss@smtp.example:2525?tls=1", "django.core.mail.backends.smtp.EmailBackend"),
    ],
)
def test_email_url_selects_the_backend(url, expected):
    from cms.env import email_settings

    mailer = email_settings(url)["default"]
    assert mailer["BACKEND"] == expected
    if url:
        options = mailer["OPTIONS"]
        assert options["host"] == "smtp.example"
        assert options["port"] == 2525
        assert options["password"] == "p@ss"
        assert options["use_tls"] is True


def test_unknown_email_scheme_is_refused_with_its_name():
    from django.core.exceptions import ImproperlyConfigured

    from cms.env import email_settings

    with pytest.raises(ImproperlyConfigured, match="'ftp'"):
        email_settings("ftp://nowhere")


def test_a_decompression_bomb_is_an_error():
    import io
    import warnings

    from PIL import Image

    # A PNG header claiming 9,000 x 9,000 pixels (81 M, over our 40 M limit).
    image = Image.new("1", (9000, 9000))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with pytest.raises((Image.DecompressionBombError, Image.DecompressionBombWarning)):
            Image.open(buffer).load()
