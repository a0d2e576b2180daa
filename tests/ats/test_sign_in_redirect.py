"""Where people land after signing in: jobseekers on their dashboard (or the page they asked for),
organisation staff in the recruiter portal, CMS editors in the Wagtail admin."""

import time

import pytest
import time_machine
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests.factories import UserFactory, with_totp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_page")]

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory


def sign_in(client, email, next_url=None):
    url = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": email, "password": PASSWORD})


def current_code(secret: str, steps: int = 0) -> str:
    """The authenticator's code now, or `steps` 30-second steps away (a phone clock that is out)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD + steps))


def test_a_jobseeker_lands_on_their_dashboard_after_signing_in(client, jobseeker):
    response = sign_in(client, jobseeker.email)

    assert response.status_code == 302
    assert response["Location"] == "/me/"
    assert "Your applications" in client.get(response["Location"]).content.decode()


def test_a_jobseeker_who_asked_for_a_page_goes_back_to_it(client, jobseeker):
    response = sign_in(client, jobseeker.email, next_url="/me/saved-jobs/")

    assert response["Location"] == "/me/saved-jobs/"


def test_an_off_site_next_is_ignored(client, jobseeker):
    response = sign_in(client, jobseeker.email, next_url="https://evil.example/")

    assert response["Location"] == "/me/"


def test_a_recruiter_lands_in_the_portal_after_their_authenticator_code(client, recruiter_a):
    secret = with_totp(recruiter_a)

    first = sign_in(client, recruiter_a.email)
    assert first["Location"] == "/accounts/2fa/authenticate/"
    response = client.post(first["Location"], {"code": current_code(secret)})

    assert response.status_code == 302
    assert response["Location"] == "/recruit/"
    assert client.get("/recruit/").status_code == 200


def test_a_regional_admin_lands_in_the_portal(client, regional_admin):
    secret = with_totp(regional_admin)

    first = sign_in(client, regional_admin.email)
    response = client.post(first["Location"], {"code": current_code(secret)})

    assert response["Location"] == "/recruit/"


def test_a_cms_editor_lands_in_the_wagtail_admin(client):
    editor = UserFactory(is_staff=True)
    secret = with_totp(editor)

    first = sign_in(client, editor.email)
    response = client.post(first["Location"], {"code": current_code(secret)})

    assert response["Location"] == "/admin/"


@pytest.fixture
def frozen_clock():
    """No 30-second step boundary in the middle of a test."""
    with time_machine.travel(time.time(), tick=False):
        yield


@pytest.mark.parametrize("steps", [-1, 1])
def test_a_code_that_has_just_changed_is_still_accepted(client, recruiter_a, steps, frozen_clock):
    secret = with_totp(recruiter_a)

    first = sign_in(client, recruiter_a.email)
    response = client.post(first["Location"], {"code": current_code(secret, steps)})

    assert response["Location"] == "/recruit/"


@pytest.mark.parametrize("steps", [-3, 3])
def test_an_old_code_is_refused(client, recruiter_a, steps, frozen_clock):
    secret = with_totp(recruiter_a)

    first = sign_in(client, recruiter_a.email)
    response = client.post(first["Location"], {"code": current_code(secret, steps)})

    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    assert client.get("/recruit/").status_code == 302
