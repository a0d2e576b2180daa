"""Brute force and rate limits: every public form that signs in, sends an email or stores what a
visitor typed stops a client that goes past its limit, says so, and does nothing more.

Limits: sign-in 5 failed attempts per address (allauth), password reset 5 a minute per address,
sign-in code 3 a minute per address, and the project's own FORM_RATE_LIMIT per client for apply,
the enquiry form and job alert sign-up (set to 3 here). Prints a summary table."""

from __future__ import annotations

import pytest

from django.core.cache import cache

from ats.models import ApplicationDraft, Enquiry, JobAlert
from cms.models import OutboxEmail
from tests.ats.apply_answers import SCREEN_DATA
from tests.ats.jobseeker_fixtures import eager_tasks, places, site  # noqa: F401
from tests.factories import VacancyFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("site", "eager_tasks")]

PASSWORD = "a-long-care-password-42"
FORM_LIMIT = 3
_rows: list[tuple[str, int, int, str]] = []  # (form, allowed, status past the limit, what it said)


@pytest.fixture(autouse=True)
def fresh_counters(settings):
    settings.FORM_RATE_LIMIT = FORM_LIMIT
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member(db):
    from allauth.account.models import EmailAddress

    from tests.factories import UserFactory

    user = UserFactory(email="jo@seeker.example")
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def _emails_to(address: str) -> int:
    return sum(1 for email in OutboxEmail.objects.all() if address in email.to)


def _record(form: str, allowed: int, response, said: str) -> None:
    _rows.append((form, allowed, response.status_code, said))


def test_sign_in_stops_after_five_wrong_passwords_even_for_the_right_one(client, member):
    for _ in range(5):
        response = client.post("/accounts/login/", {"login": member.email, "password": "wrong-guess-1"})
        assert "_auth_user_id" not in client.session

    response = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})

    said = "Too many failed login attempts"
    assert said in response.content.decode()
    assert "_auth_user_id" not in client.session  # the right password does not get in now
    _record("sign-in (password)", 5, response, said)


def test_password_reset_requests_stop_after_five_a_minute_for_an_address(client, member):
    for _ in range(5):
        assert client.post("/accounts/password/reset/", {"email": member.email}).status_code == 302
    assert _emails_to(member.email) == 5

    response = client.post("/accounts/password/reset/", {"email": member.email})

    assert response.status_code == 429
    assert "too many attempts" in response.content.decode()
    assert _emails_to(member.email) == 5  # no sixth email
    _record("password reset", 5, response, "too many attempts (429 page)")


def test_sign_in_code_requests_stop_after_three_a_minute_for_an_address(client, member):
    for _ in range(3):
        client.post("/accounts/login/code/", {"email": member.email})
        client.cookies.clear()  # a fresh visitor each time: the limit is on the address
    assert _emails_to(member.email) == 3

    response = client.post("/accounts/login/code/", {"email": member.email})

    said = "Too many failed login attempts"
    assert said in response.content.decode()
    assert _emails_to(member.email) == 3  # no fourth code sent
    _record("sign-in code", 3, response, said)


@pytest.mark.usefixtures("places")
def test_apply_starts_stop_past_the_form_limit(client, employer_a):
    vacancy = VacancyFactory(organisation=employer_a, slug="care-assistant-limits")
    for n in range(FORM_LIMIT):
        client.post(f"/jobs/{vacancy.slug}/apply/", {**SCREEN_DATA["details"], "email": f"p{n}@example.org"})

    response = client.post(
        f"/jobs/{vacancy.slug}/apply/", {**SCREEN_DATA["details"], "email": "late@example.org"}
    )

    assert response.status_code == 429
    assert "too many attempts" in response.content.decode()
    assert ApplicationDraft.objects.count() == FORM_LIMIT
    assert _emails_to("late@example.org") == 0
    _record("apply (guest start)", FORM_LIMIT, response, "too many attempts")


ENQUIRY = {
    "name": "Sam Example",
    "email": "sam@example.org",
    "postcode": "NE1 4ST",
    "over_18": "yes",
    "experience": "none",
    "consent": "on",
}


@pytest.mark.usefixtures("places")
def test_enquiries_stop_past_the_form_limit(client):
    for _ in range(FORM_LIMIT):
        client.post("/not-sure/", ENQUIRY)
    stored = Enquiry.objects.count()
    assert stored == FORM_LIMIT

    response = client.post("/not-sure/", {**ENQUIRY, "email": "late@example.org"})

    assert response.status_code == 429
    assert "too many attempts" in response.content.decode()
    assert Enquiry.objects.count() == stored
    assert not Enquiry.objects.filter(email="late@example.org").exists()
    _record("enquiry", FORM_LIMIT, response, "too many attempts")


def test_job_alert_sign_ups_stop_past_the_form_limit(client):
    for n in range(FORM_LIMIT):
        response = client.post("/jobs/alerts/new/", {"email": f"a{n}@example.org", "frequency": "daily"})
        assert response.status_code == 200
    assert JobAlert.objects.count() == FORM_LIMIT

    response = client.post("/jobs/alerts/new/", {"email": "late@example.org", "frequency": "daily"})

    assert response.status_code == 429
    assert "too many attempts" in response.content.decode()
    assert JobAlert.objects.count() == FORM_LIMIT
    assert _emails_to("late@example.org") == 0
    _record("job alert sign-up", FORM_LIMIT, response, "too many attempts")


def test_print_the_rate_limit_summary(capsys):
    if not _rows:
        return  # the rate-limit tests did not run (a subset of the suite): nothing to print
    with capsys.disabled():
        print(f"\nRate limits: {len(_rows)} forms hit past their limit, {len(_rows)} held")
        print(f"  {'form':<22} {'allowed':>7}  {'next':>4}  what the visitor is told")
        for form, allowed, status, said in _rows:
            print(f"  {form:<22} {allowed:>7}  {status:>4}  {said}")
    assert len(_rows) == 6
