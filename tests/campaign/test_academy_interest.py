"""'Register your interest' on an academy page: an enquiry addressed to that academy, with the
visitor's campaign attribution, acknowledged by email; bad input, bots and floods change nothing."""

import pytest

from django.core import mail
from django.test import override_settings
from django.urls import reverse

from ats.models import ConsentRecord, Enquiry, Membership, Postcode, PostcodeDistrict, RoutingDecision
from tests.factories import MembershipFactory, with_totp
from tests.fixtures.campaign_site import publish

# Emails are sent by Celery tasks: run them here in the real-services variant too.
pytestmark = pytest.mark.usefixtures("eager_celery")

VALID = {
    "name": "Sam Starter",
    "email": "Sam@Example.org",
    "phone": "07700 900123",
    "postcode": "ne1 4st",
    "consent": "on",
}


@pytest.fixture
def places(newcastle):
    PostcodeDistrict.objects.create(
        outcode="NE1", latitude=54.97, longitude=-1.61, local_authority=newcastle, la_code=newcastle.ons_code
    )
    Postcode.objects.create(
        postcode="NE1 4ST", latitude=54.9724, longitude=-1.6115, la_code=newcastle.ons_code
    )


def register(client, academy, **data):
    return client.post(academy.url, {**VALID, **data})


def test_academy_page_shows_the_register_interest_form_without_javascript(client, site):
    html = client.get(site.academy.url).content.decode()

    assert 'id="register-interest"' in html
    assert 'href="#register-interest"' in html  # the hero's call to action
    assert f'<form method="post" action="{site.academy.url}#register-interest"' in html
    for field in ("name", "email", "phone", "postcode", "consent"):
        assert f'name="{field}"' in html
    assert "csrfmiddlewaretoken" in html
    assert "We will pass your details to Newcastle Care Academy" in html


def test_registering_interest_makes_an_enquiry_for_that_academy_with_attribution(
    client, site, places, django_capture_on_commit_callbacks
):
    client.get(site.home.url + "?utm_source=bus&utm_campaign=academy")

    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, site.academy)

    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert enquiry.name == "Sam Starter" and enquiry.email == "sam@example.org"
    assert enquiry.phone == "07700 900123" and enquiry.postcode == "NE1 4ST"
    assert enquiry.local_authority == site.academy_org.local_authority
    assert enquiry.interests == ["training"]
    assert enquiry.attribution["first"]["utm_source"] == "bus"
    assert enquiry.attribution["last"]["utm_campaign"] == "academy"
    decision = RoutingDecision.objects.get(enquiry=enquiry)
    assert decision.destination == site.academy_org
    assert "registered interest on the Newcastle Care Academy page" in decision.reason
    consent = ConsentRecord.objects.get(enquiry=enquiry)
    assert "Newcastle Care Academy" in consent.wording
    acknowledgement = next(m for m in mail.outbox if m.to == ["sam@example.org"])
    assert "We have passed your details to Newcastle Care Academy" in acknowledgement.body
    done = client.get(response["Location"]).content.decode()
    assert "Thank you" in done and "sam@example.org" in done


def test_the_academy_coordinator_sees_the_registration_in_their_inbox(
    client, site, places, django_capture_on_commit_callbacks
):
    coordinator = MembershipFactory(
        organisation=site.academy_org, role=Membership.Role.COORDINATOR, user__email="cora@ncl.example"
    ).user
    with_totp(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        register(client, site.academy)

    assert any(m.to == ["cora@ncl.example"] for m in mail.outbox)  # told there is someone to call
    client.force_login(coordinator)
    assert "Sam Starter" in client.get(reverse("routing:inbox")).content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message", "anchor"),
    [
        ("name", "", "Enter your full name", "id_name"),
        ("email", "not-an-email", "Enter an email address in the correct format", "id_email"),
        ("phone", "12345", "Enter a UK phone number", "id_phone"),
        ("postcode", "HELLO", "Enter a real postcode", "id_postcode"),
        ("consent", "", "Tick the box so the academy can contact you", "id_consent"),
        ("name", "Sam\x00", "Remove the hidden or special characters", "id_name"),
    ],
)
def test_bad_registrations_are_refused_with_a_linked_error_summary_and_change_nothing(
    client, site, places, field, value, message, anchor
):
    data = {**VALID, field: value}
    if not value:
        data.pop(field)

    response = register(client, site.academy, **data) if value else client.post(site.academy.url, data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "There is a problem" in html and f'href="#{anchor}"' in html and message in html
    assert 'value="Sam@Example.org"' in html or field == "email"  # answers kept
    assert not Enquiry.objects.exists()
    assert mail.outbox == []


def test_a_bot_filling_the_hidden_field_is_thanked_but_nothing_is_stored(client, site, places):
    response = register(client, site.academy, website="http://spam.example")

    assert response.status_code == 302
    assert not Enquiry.objects.exists()
    assert mail.outbox == []


@override_settings(FORM_RATE_LIMIT=2)
def test_too_many_registrations_from_one_client_are_refused(client, site, places):
    register(client, site.academy, email="one@example.org")
    register(client, site.academy, email="two@example.org")

    response = register(client, site.academy, email="three@example.org")

    assert response.status_code == 429
    assert "too many attempts" in response.content.decode()
    assert sorted(Enquiry.objects.values_list("email", flat=True)) == ["one@example.org", "two@example.org"]


def test_confirmation_page_is_only_for_someone_who_registered(client, site):
    response = client.get(site.academy.url + "registered/")

    assert response.status_code == 302 and response["Location"] == site.academy.url


def test_an_academy_with_its_own_registration_site_links_there_instead(client, site, places):
    site.academy.register_url = "https://academy.example/register"
    publish(site.academy)

    html = client.get(site.academy.url).content.decode()
    response = register(client, site.academy)

    assert 'href="https://academy.example/register"' in html and 'name="consent"' not in html
    assert response.status_code == 200 and not Enquiry.objects.exists()


def test_quiz_register_interest_step_lands_on_the_local_academys_form(client, site, places):
    result = client.get(site.quiz.url, {"q1": "1"}).content.decode()
    assert 'action="/find-your-academy/"' in result and 'name="next" value="register"' in result

    response = client.get("/find-your-academy/", {"postcode": "NE1 4ST", "next": "register"})

    assert response.status_code == 302
    assert response["Location"] == site.academy.url + "#register-interest"
    assert 'id="register-interest"' in client.get(site.academy.url).content.decode()
