"""Jobseeker accounts through django-allauth: site design, verification, sign-in codes, no enumeration."""

import re

import pytest

from django.core import mail

from cms.models import OutboxEmail, User
from tests.ats.jobseeker_fixtures import site  # noqa: F401

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("site")]

PASSWORD = "a-long-care-password-42"


def signup(client, email, **extra):
    return client.post(
        "/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD, **extra}
    )


def test_sign_up_page_uses_the_site_design_with_labelled_fields(client):
    response = client.get("/accounts/signup/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Skip to main content" in html
    assert "css/forms.css" in html
    assert '<label class="label" for="id_email">' in html
    assert 'class="honeypot" aria-hidden="true"' in html
    assert "style=" not in html.split("<main", 1)[1]  # the CSP blocks inline styles


def test_sign_up_errors_are_summarised_and_linked_to_their_fields(client):
    response = client.post("/accounts/signup/", {"email": "not-an-email", "password1": "x", "password2": "x"})

    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_email"' in html
    assert 'aria-describedby="id_email-error"' in html
    assert not User.objects.filter(email="not-an-email").exists()


def test_sign_up_sends_a_verification_link_that_verifies_and_signs_in(client):
    response = signup(client, "new@seeker.example")

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert OutboxEmail.objects.get().sent_at is not None
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.get("/" + path)
    response = client.post("/" + path)

    assert response.status_code == 302
    user = User.objects.get(email="new@seeker.example")
    assert user.emailaddress_set.get().verified
    assert client.get("/accounts/email/").status_code == 200  # signed in


def test_sign_up_with_a_known_email_looks_the_same_as_with_a_new_one(client, jobseeker):
    new = signup(client, "someone-new@seeker.example")
    client.logout()
    known = signup(client, jobseeker.email)

    assert new.status_code == known.status_code == 302
    assert new["Location"] == known["Location"]
    assert User.objects.filter(email=jobseeker.email).count() == 1
    assert "already" in mail.outbox[-1].body.lower()  # the owner is told by email, not the browser


def test_password_reset_answers_the_same_for_known_and_unknown_emails(client, jobseeker):
    known = client.post("/accounts/password/reset/", {"email": jobseeker.email})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@seeker.example"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    page = client.get(known["Location"]).content.decode()
    assert "Skip to main content" in page


def test_sign_in_code_request_answers_the_same_for_known_and_unknown_emails(client, jobseeker):
    known = client.post("/accounts/login/code/", {"email": jobseeker.email})
    client.cookies.clear()
    unknown = client.post("/accounts/login/code/", {"email": "nobody@seeker.example"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_jobseeker_signs_in_with_an_emailed_code(client, jobseeker):
    client.post("/accounts/login/code/", {"email": jobseeker.email})
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.MULTILINE).group(1)

    response = client.post("/accounts/login/code/confirm/", {"code": code})

    assert response.status_code == 302
    assert client.get("/accounts/email/").status_code == 200


def test_filled_honeypot_creates_no_account(client):
    response = signup(client, "bot@spam.example", website="http://spam.example")

    assert response.status_code == 302
    assert not User.objects.filter(email="bot@spam.example").exists()
    assert mail.outbox == []


def test_jobseeker_can_open_two_factor_setup_in_the_site_design(client, jobseeker):
    client.force_login(jobseeker)
    reauthenticate = client.get("/accounts/2fa/totp/activate/")["Location"]
    client.post(reauthenticate, {"password": "correct-horse-battery"})

    response = client.get("/accounts/2fa/totp/activate/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Skip to main content" in html
    assert 'for="id_code"' in html
