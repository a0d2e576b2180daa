"""'Not sure where to start?': the enquiry form stores attribution, acknowledges, refuses bad input."""

import pytest

from django.core import mail

from ats.models import ConsentRecord, Enquiry
from tests.ats.jobseeker_fixtures import places, site  # noqa: F401

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("site", "places")]

VALID = {
    "name": "Pat Example",
    "email": "Pat@Example.org",
    "phone": "0191 498 0000",
    "postcode": "ne1 4st",
    "interests": ["care_worker", "nhs"],
    "experience": "none",
    "availability": ["days", "nights"],
    "driving": "yes",
    "over_18": "yes",
    "message": "I looked after my dad.",
    "consent": "on",
}


def test_enquiry_is_stored_with_attribution_and_acknowledged_by_email(client):
    client.get("/not-sure/?utm_source=bus-stop&utm_campaign=spring")

    response = client.post("/not-sure/", VALID)

    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    enquiry = Enquiry.objects.get()
    assert enquiry.email == "pat@example.org"
    assert enquiry.postcode == "NE1 4ST" and enquiry.local_authority.name == "Newcastle upon Tyne"
    assert enquiry.interests == ["care_worker", "nhs"] and enquiry.nhs_interest
    assert enquiry.availability == ["days", "nights"] and enquiry.driving and enquiry.over_18
    assert enquiry.attribution["first"]["utm_source"] == "bus-stop"
    assert enquiry.consent_at is not None
    assert ConsentRecord.objects.get(enquiry=enquiry).purpose == "enquiry"
    assert mail.outbox[0].to == ["pat@example.org"]
    assert mail.outbox[0].subject == "Thank you for your interest in working in care"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "x" * 10_000, "at most 150 characters"),
        ("message", "x" * 10_000, "at most 2000 characters"),
        ("name", "Pat\x00\x08", "Remove the hidden or special characters"),
        ("phone", "12345", "Enter a UK phone number"),
        ("postcode", "HELLO", "Enter a real postcode"),
        ("consent", "", "Tick the box"),
    ],
)
def test_bad_enquiries_are_refused_with_a_message_and_nothing_is_stored(client, field, value, message):
    data = {**VALID, field: value}
    if not value:
        data.pop(field)

    response = client.post("/not-sure/", data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert not Enquiry.objects.exists()
    assert mail.outbox == []


def test_script_in_an_enquiry_is_stored_as_text_and_shown_escaped(client):
    client.post("/not-sure/", {**VALID, "name": "<script>alert(1)</script>"})

    enquiry = Enquiry.objects.get()
    assert enquiry.name == "<script>alert(1)</script>"
    assert "<script>alert(1)</script>" in mail.outbox[0].body  # plain text email: shown as typed
    response = client.post("/not-sure/", {**VALID, "name": "<b>bold</b>", "phone": "bad"})
    assert "&lt;b&gt;bold&lt;/b&gt;" in response.content.decode()


def test_honeypot_enquiry_looks_sent_but_stores_nothing(client):
    response = client.post("/not-sure/", {**VALID, "website": "http://spam.example"})

    assert "Thank you" in response.content.decode()
    assert not Enquiry.objects.exists()
    assert mail.outbox == []


def test_enquiries_are_rate_limited(client, settings):
    settings.FORM_RATE_LIMIT = 1
    client.post("/not-sure/", VALID)

    response = client.post("/not-sure/", VALID)

    assert response.status_code == 429
    assert Enquiry.objects.count() == 1
