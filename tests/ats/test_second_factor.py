"""Staff pass the second factor in every session before any staff URL answers, whatever way the
session was signed in (issue 21.1, ADR 0013). Each test drives the real forms with a plain
`django.test.Client` (the `client` fixture's force_login stands for a complete sign-in)."""

import re
import uuid

import pytest

from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.ats.second_factor_support import (
    PASSWORD,
    current_code,
    emailed_link,
    sign_in_fully,
    sign_in_with_password,
)
from tests.factories import (
    ApplicationWithCVFactory,
    MembershipFactory,
    UserFactory,
    VacancyFactory,
    with_totp,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_page", "eager_celery")]

NEW_PASSWORD = "a-brand-new-care-password-7"
CODE_PAGE = "/accounts/2fa/reauthenticate/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # allauth's rate limits and used codes


@pytest.fixture
def application(employer_a):
    return ApplicationWithCVFactory(
        vacancy=VacancyFactory(organisation=employer_a, anonymised_shortlisting=False),
        snapshot={"name": "Priya Shah", "email": "priya@example.org"},
    )


def staff_urls(employer_a, application) -> list[str]:
    """The portal, its enquiries and equality pages, a candidate's page and CV, the organisation's
    export and the Wagtail admin."""
    return [
        "/recruit/",
        "/recruit/enquiries/",
        "/recruit/equality/",
        f"/recruit/applications/{application.public_id}/",
        f"/recruit/applications/{application.public_id}/cv/",
        f"/recruit/organisations/{employer_a.public_id}/export.csv",
        "/admin/",
    ]


def assert_no_staff_url_answers(browser, urls):
    for url in urls:
        response = browser.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(("/accounts/login/", CODE_PAGE)), (url, response["Location"])


def test_a_password_alone_at_the_sign_in_page_opens_no_staff_url(recruiter_a, employer_a, application):
    browser = Client()

    response = sign_in_with_password(browser, recruiter_a.email)

    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert_no_staff_url_answers(browser, staff_urls(employer_a, application))


def test_after_the_authenticator_code_every_staff_url_works(regional_admin, employer_a, application):
    browser = Client()

    response = sign_in_fully(browser, regional_admin.email, with_totp(regional_admin))

    assert response["Location"] == "/recruit/"
    assert "Priya Shah" in browser.get(f"/recruit/applications/{application.public_id}/").content.decode()
    cv = browser.get(f"/recruit/applications/{application.public_id}/cv/")
    assert b"".join(cv.streaming_content) == b"%PDF-1.4 test cv"
    assert (
        "Priya" in browser.get(f"/recruit/organisations/{employer_a.public_id}/export.csv").content.decode()
    )
    for url in ["/recruit/", "/recruit/enquiries/", "/recruit/equality/", "/admin/", "/admin/pages/"]:
        assert browser.get(url).status_code == 200, url


def test_the_wagtail_admin_login_form_is_allauths_sign_in(recruiter_a, employer_a, application):
    browser = Client()

    posted = browser.post("/admin/login/", {"username": recruiter_a.email, "password": PASSWORD})
    asked = browser.get("/admin/login/?next=/admin/pages/")

    assert posted.status_code == 302 and posted["Location"].startswith("/accounts/login/")
    assert asked["Location"] == "/accounts/login/?next=/admin/pages/"
    assert browser.get("/admin/")["Location"] == "/accounts/login/?next=/admin/"
    assert_no_staff_url_answers(browser, staff_urls(employer_a, application))


def test_a_session_signed_in_another_way_is_asked_for_the_code_before_any_staff_url(
    recruiter_a, employer_a, application
):
    """Django's login() with a password alone, as Wagtail's own login form did."""
    secret = with_totp(recruiter_a)
    browser = Client()
    browser.force_login(recruiter_a)

    for url in staff_urls(employer_a, application):
        response = browser.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{CODE_PAGE}?next="), url
    page = browser.get(f"{CODE_PAGE}?next=/recruit/")
    assert page.status_code == 200
    assert 'name="code"' in page.content.decode()

    response = browser.post(f"{CODE_PAGE}?next=/recruit/", {"code": current_code(secret)})

    assert response["Location"] == "/recruit/"
    assert browser.get("/recruit/").status_code == 200
    assert browser.get(f"/recruit/organisations/{employer_a.public_id}/export.csv").status_code == 200


def test_a_wrong_code_opens_nothing(recruiter_a, employer_a, application):
    browser = Client()
    browser.force_login(recruiter_a)

    response = browser.post(f"{CODE_PAGE}?next=/recruit/", {"code": "000000"})

    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    assert_no_staff_url_answers(browser, staff_urls(employer_a, application))


def test_a_session_without_the_code_cannot_remove_or_replace_the_authenticator(recruiter_a):
    browser = Client()
    browser.force_login(recruiter_a)

    for url in [
        "/accounts/2fa/",
        "/accounts/2fa/totp/deactivate/",
        "/accounts/email/",
        "/accounts/password/change/",
    ]:
        response = browser.get(url)
        assert response["Location"].startswith(f"{CODE_PAGE}?next="), url


def test_signing_in_by_emailed_code_still_asks_staff_for_the_authenticator_code(
    recruiter_a, employer_a, application, django_capture_on_commit_callbacks
):
    secret = with_totp(recruiter_a)
    browser = Client()
    with django_capture_on_commit_callbacks(execute=True):
        browser.post("/accounts/login/code/", {"email": recruiter_a.email})
    emailed = emailed_code()

    response = browser.post("/accounts/login/code/confirm/", {"code": emailed})

    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert_no_staff_url_answers(browser, staff_urls(employer_a, application))
    browser.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert browser.get("/recruit/").status_code == 200


def emailed_code() -> str:
    import re

    from django.core import mail

    return re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.MULTILINE).group(1)


def test_after_a_password_reset_staff_sign_in_with_the_code_again(
    recruiter_a, employer_a, application, django_capture_on_commit_callbacks
):
    secret = with_totp(recruiter_a)
    earlier = Client()
    sign_in_fully(earlier, recruiter_a.email, secret)
    assert earlier.get("/recruit/").status_code == 200
    browser = Client()
    with django_capture_on_commit_callbacks(execute=True):
        browser.post("/accounts/password/reset/", {"email": recruiter_a.email})
    key_page = browser.get(emailed_link("/accounts/password/reset/key/"))
    browser.post(key_page["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert_no_staff_url_answers(browser, staff_urls(employer_a, application))
    assert_no_staff_url_answers(earlier, staff_urls(employer_a, application))  # the old session ended
    first = sign_in_with_password(browser, recruiter_a.email, NEW_PASSWORD)
    assert first["Location"] == "/accounts/2fa/authenticate/"
    assert_no_staff_url_answers(browser, staff_urls(employer_a, application))
    browser.post("/accounts/2fa/authenticate/", {"code": current_code(secret, 1)})
    assert browser.get("/recruit/").status_code == 200


def test_wagtails_own_password_reset_is_off(recruiter_a):
    assert Client().get("/admin/password_reset/").status_code == 404


def test_after_a_password_change_this_session_is_asked_for_the_code_again(
    recruiter_a, employer_a, application
):
    secret = with_totp(recruiter_a)
    browser = Client()
    sign_in_fully(browser, recruiter_a.email, secret)

    browser.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert browser.get("/recruit/")["Location"] == f"{CODE_PAGE}?next=/recruit/"
    browser.post(f"{CODE_PAGE}?next=/recruit/", {"code": current_code(secret, 1)})
    assert browser.get("/recruit/").status_code == 200


def test_after_a_password_change_in_the_wagtail_admin_this_session_is_asked_for_the_code_again(
    regional_admin,
):
    secret = with_totp(regional_admin)
    browser = Client()
    sign_in_fully(browser, regional_admin.email, secret)

    browser.post(
        "/admin/account/",
        {
            "name_email-first_name": "Regional",
            "name_email-last_name": "Admin",
            "name_email-email": regional_admin.email,
            "locale-preferred_language": "",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-contrast": "system",
            "theme-density": "default",
            "password-old_password": PASSWORD,
            "password-new_password1": NEW_PASSWORD,
            "password-new_password2": NEW_PASSWORD,
        },
    )

    regional_admin.refresh_from_db()
    assert regional_admin.check_password(NEW_PASSWORD)
    assert browser.get("/admin/")["Location"] == f"{CODE_PAGE}?next=/admin/"
    assert browser.get("/recruit/")["Location"] == f"{CODE_PAGE}?next=/recruit/"


@pytest.mark.django_db(transaction=True)  # allauth marks the set-up after its transaction commits
def test_staff_without_an_authenticator_are_sent_to_set_one_up_and_then_get_in(employer_a):
    recruiter = MembershipFactory(organisation=employer_a, user=UserFactory(email="new@alpha.example")).user
    browser = Client()
    first = sign_in_with_password(browser, recruiter.email)
    assert first["Location"] == "/recruit/"

    response = browser.get("/recruit/", follow=True)

    assert response.redirect_chain[0][0] == "/accounts/2fa/totp/activate/"
    assert "must be protected with an authenticator app" in response.content.decode()
    browser.post("/accounts/reauthenticate/?next=/accounts/2fa/totp/activate/", {"password": PASSWORD})
    secret = browser.get("/accounts/2fa/totp/activate/").context["form"].secret
    activated = browser.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert activated.status_code == 302
    assert browser.get("/recruit/").status_code == 200


def test_a_jobseeker_is_not_asked_for_a_code(jobseeker):
    browser = Client()
    sign_in_with_password(browser, jobseeker.email)

    assert browser.get("/me/").status_code == 200


def _routes(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _filled(route: str) -> str | None:
    if route.startswith("^") or "(?P" in route or "\\" in route:
        return None  # Wagtail's regex routes: under /admin/ all the same
    filler = {"uuid": str(uuid.uuid4()), "int": "1", "slug": "x", "str": "x", "path": "x"}
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: filler.get(m.group(1) or "str", "x"), route)


STAFF_ROUTES = sorted(
    {
        url
        for route in _routes(get_resolver().url_patterns)
        if (url := _filled(route))
        and url.startswith(("/recruit/", "/admin/"))
        and url not in {"/admin/login/", "/admin/logout/"}  # signing in and out need no code
    }
)


def test_every_staff_url_asks_a_password_only_session_for_the_code(regional_admin):
    """Generated from the URL configuration, so a new staff view is covered."""
    browser = Client()
    browser.force_login(regional_admin)

    for url in STAFF_ROUTES:
        for method in (browser.get, browser.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(f"{CODE_PAGE}?next="), url
    assert len(STAFF_ROUTES) > 40


def test_a_session_without_the_code_can_still_sign_out_of_the_admin(regional_admin):
    browser = Client()
    browser.force_login(regional_admin)

    response = browser.post("/admin/logout/")

    assert response["Location"] == "/accounts/login/"
    assert browser.get("/admin/")["Location"] == "/accounts/login/?next=/admin/"
