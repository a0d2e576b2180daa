"""Sessions (issue 22.8, ADR 0013): staff sessions end when idle, a password change or a removal
from an organisation signs the person out elsewhere, production cookies carry the __Host- prefix,
and private pages are never stored by the browser or a proxy."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from allauth.usersessions.models import UserSession

from django.test import Client
from django.utils import timezone

from ats.models import Membership
from tests.ats.second_factor_support import PASSWORD, sign_in_fully, sign_in_with_password
from tests.factories import ApplicationFactory, MembershipFactory, VacancyFactory, with_totp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_page", "eager_celery")]

ROOT = Path(__file__).resolve().parents[2]
NEW_PASSWORD = "a-brand-new-care-password-7"


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()  # allauth's rate limits and used codes


def test_a_staff_session_ends_after_30_minutes_without_a_staff_request(recruiter_a):
    browser = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in_fully(browser, recruiter_a.email, with_totp(recruiter_a))

        clock.shift(timedelta(minutes=25))
        assert browser.get("/recruit/").status_code == 200
        clock.shift(timedelta(minutes=25))  # 50 minutes signed in, 25 idle
        assert browser.get("/recruit/").status_code == 200
        clock.shift(timedelta(minutes=31))

        response = browser.get("/recruit/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/recruit/"
    assert browser.get("/me/")["Location"].startswith("/accounts/login/")  # signed out, not just the portal


def test_a_jobseeker_stays_signed_in_for_days(jobseeker):
    browser = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in_with_password(browser, jobseeker.email)
        clock.shift(timedelta(days=13))

        assert browser.get("/me/").status_code == 200


def test_changing_the_password_signs_the_person_out_on_their_other_devices(recruiter_a):
    secret = with_totp(recruiter_a)
    phone, office = Client(), Client()
    sign_in_fully(phone, recruiter_a.email, secret)
    sign_in_fully(office, recruiter_a.email, secret, steps=1)
    assert phone.get("/recruit/").status_code == office.get("/recruit/").status_code == 200

    office.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert phone.get("/recruit/")["Location"] == "/accounts/login/?next=/recruit/"
    assert phone.get("/me/")["Location"].startswith("/accounts/login/")


def test_removing_a_member_signs_them_out_everywhere(client, employer_a, recruiter_a):
    admin = MembershipFactory(organisation=employer_a, role=Membership.Role.ADMIN).user
    with_totp(admin)
    secret = with_totp(recruiter_a)
    phone, office = Client(), Client()
    sign_in_fully(phone, recruiter_a.email, secret)
    sign_in_fully(office, recruiter_a.email, secret, steps=1)
    assert office.get("/recruit/").status_code == 200
    client.force_login(admin)

    client.post(
        f"/recruit/organisations/{employer_a.public_id}/people/remove/",
        {"membership": Membership.objects.get(user=recruiter_a).pk},
    )

    for browser in (phone, office):
        assert browser.get("/me/")["Location"].startswith("/accounts/login/")
    assert not UserSession.objects.filter(user=recruiter_a).exists()
    assert client.get(f"/recruit/organisations/{employer_a.public_id}/people/").status_code == 200


def test_production_session_and_csrf_cookies_carry_the_host_prefix():
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}}
    env |= {
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "throwaway-" + "k8Jq2vX9pLm4Rt7Wz1Nb5Hc3Yd6Fg0Sa" * 2,
        "ALLOWED_HOSTS": "care.example",
        "CLAMD_HOST": "clamav.internal",
    }
    script = (
        "from django.http import HttpResponse; from django.conf import settings as s; r = HttpResponse(); "
        "r.set_cookie(s.SESSION_COOKIE_NAME, 'x', secure=s.SESSION_COOKIE_SECURE, domain=s.SESSION_COOKIE_DOMAIN, "
        "path=s.SESSION_COOKIE_PATH); r.set_cookie(s.CSRF_COOKIE_NAME, 'y', secure=s.CSRF_COOKIE_SECURE, "
        "domain=s.CSRF_COOKIE_DOMAIN, path=s.CSRF_COOKIE_PATH); print(r.cookies.output())"
    )

    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    lines = sorted(line for line in result.stdout.split("\n") if line.startswith("Set-Cookie"))
    assert [line.split("=")[0] for line in lines] == [
        "Set-Cookie: __Host-csrftoken",
        "Set-Cookie: __Host-sessionid",
    ]
    for line in lines:
        assert "Path=/" in line and "Secure" in line and "Domain" not in line


@pytest.fixture
def private_pages(employer_a, jobseeker):
    vacancy = VacancyFactory(organisation=employer_a)
    application = ApplicationFactory(vacancy=vacancy, candidate=jobseeker)
    another = VacancyFactory(organisation=employer_a)
    return {
        "recruiter": ["/recruit/", f"/recruit/applications/{application.public_id}/", "/recruit/enquiries/"],
        "jobseeker": ["/me/", f"/me/applications/{application.public_id}/", f"/jobs/{another.slug}/apply/"],
        "anyone": ["/accounts/login/", "/accounts/password/reset/"],
    }


def test_candidate_and_recruiter_pages_are_never_stored(client, recruiter_a, jobseeker, private_pages):
    pages = [(None, url) for url in private_pages["anyone"]]
    pages += [(recruiter_a, url) for url in private_pages["recruiter"]]
    pages += [(jobseeker, url) for url in private_pages["jobseeker"]]

    for user, url in pages:
        client.logout()
        if user:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code in {200, 302}, url
        assert "no-store" in response.get("Cache-Control", ""), url


def test_public_pages_stay_cacheable(client, home_page):
    assert "no-store" not in client.get("/").get("Cache-Control", "")


def test_an_admin_who_removes_themselves_is_signed_out_cleanly(employer_a):
    admin = MembershipFactory(organisation=employer_a, role=Membership.Role.ADMIN).user
    MembershipFactory(organisation=employer_a, role=Membership.Role.ADMIN)
    browser = Client()
    sign_in_fully(browser, admin.email, with_totp(admin))

    response = browser.post(
        f"/recruit/organisations/{employer_a.public_id}/people/remove/",
        {"membership": Membership.objects.get(user=admin).pk},
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert browser.get("/me/")["Location"].startswith("/accounts/login/")
    assert not Membership.objects.filter(user=admin).exists()
