"""Referrals need the candidate's own recorded consent (dashboard or enquiry form); answering a
referral emails the referring academy and the candidate; escalations email the destination and
the regional admins."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from ats.models import ConsentRecord, Enquiry, Organisation, Referral, RoutingDecision
from ats.routing.academy import AcademyError, create_referral, give_referral_consent
from cms.models import OutboxEmail
from tests.ats.jobseeker_fixtures import places  # noqa: F401
from tests.factories import EnquiryFactory, UserFactory


def routed(enquiry, destination):
    return RoutingDecision.objects.create(
        enquiry=enquiry, destination=destination, rule_name="New to care", reason="Lives in Newcastle."
    )


@pytest.fixture
def enquiry(jobseeker):
    return EnquiryFactory(name="Jo Seeker", email="jo@seeker.example", phone="07700 900789", user=jobseeker)


# --- Consent ---------------------------------------------------------------------------------------------


def test_candidate_agrees_on_their_dashboard_and_can_then_be_referred(
    client, home_page, jobseeker, academy, employer_a, enquiry
):
    client.force_login(jobseeker)
    page = client.get(reverse("candidate:dashboard")).content.decode()
    assert "You have not agreed to this, so nobody can refer you." in page
    with pytest.raises(AcademyError, match="They have not agreed to be referred"):
        create_referral(from_org=academy, to_org=employer_a, enquiry=enquiry, fields=["name"])

    response = client.post(reverse("candidate:referral-consent"), {"agree": "yes"}, follow=True)

    assert "Organisations helping you can now refer you to others." in response.content.decode()
    assert "You agreed to this on" in response.content.decode()
    record = ConsentRecord.objects.get(user=jobseeker, purpose="referral")
    assert "pass your details to another care academy" in record.wording
    referral = create_referral(from_org=academy, to_org=employer_a, enquiry=enquiry, fields=["name"])
    assert referral.consent_at == record.given_at


def test_candidate_withdraws_consent_and_no_new_referral_can_be_made(
    client, home_page, jobseeker, coordinator, academy, employer_a, enquiry
):
    give_referral_consent(user=jobseeker)
    decision = routed(enquiry, academy)
    client.force_login(jobseeker)

    client.post(reverse("candidate:referral-consent"), {"agree": "no"})

    assert ConsentRecord.objects.get(purpose="referral").withdrawn_at is not None
    client.force_login(coordinator)
    response = client.post(
        reverse("routing:refer", args=[decision.pk]), {"to_org": employer_a.pk, "fields": ["name"]}
    )
    assert response.status_code == 400
    assert "They have not agreed to be referred to another organisation" in response.content.decode()
    assert not Referral.objects.exists()


def test_the_consent_form_needs_an_answer_and_a_signed_in_candidate(client, home_page, jobseeker):
    assert client.post(reverse("candidate:referral-consent"), {"agree": "yes"}).status_code == 302
    assert not ConsentRecord.objects.exists()  # sent to log in, nothing recorded

    client.force_login(jobseeker)
    response = client.post(reverse("candidate:referral-consent"), {}, follow=True)
    assert "Choose whether organisations may refer you." in response.content.decode()
    assert not ConsentRecord.objects.exists()


@pytest.mark.usefixtures("places")
def test_consent_given_in_the_enquiry_form_lets_the_academy_refer_a_guest(
    client, home_page, coordinator, academy, employer_a, django_capture_on_commit_callbacks
):
    answers = {
        "name": "Guest Person",
        "email": "guest@example.org",
        "postcode": "NE1 4ST",
        "experience": "none",
        "over_18": "yes",
        "consent": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("enquiry"), {**answers, "referral_consent": "on"})
        client.post(reverse("enquiry"), {**answers, "email": "other@example.org"})
    agreed, not_agreed = (
        Enquiry.objects.get(email="guest@example.org"),
        Enquiry.objects.get(email="other@example.org"),
    )
    assert agreed.consents.filter(purpose="referral").exists()
    assert not not_agreed.consents.filter(purpose="referral").exists()

    client.force_login(coordinator)
    ok = client.post(
        reverse("routing:refer", args=[routed(agreed, academy).pk]),
        {"to_org": employer_a.pk, "fields": ["name", "email"]},
    )
    refused = client.post(
        reverse("routing:refer", args=[routed(not_agreed, academy).pk]),
        {"to_org": employer_a.pk, "fields": ["name", "email"]},
    )

    assert ok.status_code == 302
    assert refused.status_code == 400
    assert list(Referral.objects.values_list("enquiry__email", flat=True)) == ["guest@example.org"]


def test_consent_given_for_one_person_does_not_cover_another(academy, employer_a, enquiry, jobseeker):
    give_referral_consent(user=UserFactory(email="someone@else.example"))

    with pytest.raises(AcademyError):
        create_referral(from_org=academy, to_org=employer_a, enquiry=enquiry, fields=["name"])
    with pytest.raises(AcademyError):
        create_referral(
            from_org=academy, to_org=employer_a, enquiry=EnquiryFactory(), fields=["name"]
        )  # a guest enquiry without consent


def test_receiving_organisation_sees_only_what_was_shared(
    client, home_page, recruiter_a, academy, employer_a, enquiry, jobseeker
):
    give_referral_consent(user=jobseeker)
    referral = create_referral(
        from_org=academy, to_org=employer_a, enquiry=enquiry, fields=["name", "postcode"]
    )
    client.force_login(recruiter_a)

    page = client.get(reverse("routing:referral", args=[referral.pk])).content.decode()

    assert "Jo Seeker" in page
    assert "NE1 4ST" in page
    assert "jo@seeker.example" not in page
    assert "07700 900789" not in page


# --- Outcome and escalation emails ---------------------------------------------------------------------


@pytest.fixture
def referral(academy, coordinator, employer_a, enquiry, jobseeker):
    give_referral_consent(user=jobseeker)
    return create_referral(
        from_org=academy, to_org=employer_a, enquiry=enquiry, fields=["name"], by=coordinator
    )


@pytest.mark.parametrize(
    ("answer", "academy_subject", "candidate_line"),
    [
        ("accept", "Alpha Home Care accepted your referral", "accepted: they will contact you soon"),
        ("decline", "Alpha Home Care declined your referral", "cannot take it forward this time"),
    ],
)
def test_answering_a_referral_emails_the_academy_and_the_candidate(
    client,
    home_page,
    recruiter_a,
    referral,
    answer,
    academy_subject,
    candidate_line,
    django_capture_on_commit_callbacks,
):
    client.force_login(recruiter_a)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("routing:referral-respond", args=[referral.pk]), {"answer": answer, "note": "Thanks"}
        )

    to_academy = next(m for m in mail.outbox if m.to == ["cora@academy.example"])
    to_candidate = next(m for m in mail.outbox if m.to == ["jo@seeker.example"])
    assert to_academy.subject == academy_subject
    assert "Their note: Thanks" in to_academy.body
    assert candidate_line in to_candidate.body
    assert reverse("candidate:dashboard") in to_candidate.body
    assert OutboxEmail.objects.filter(template="emails/routing/referral_outcome_candidate").count() == 1


def test_a_second_answer_sends_no_more_email(client, home_page, recruiter_a, referral):
    client.force_login(recruiter_a)
    client.post(reverse("routing:referral-respond", args=[referral.pk]), {"answer": "accept"})
    count = OutboxEmail.objects.count()

    client.post(reverse("routing:referral-respond", args=[referral.pk]), {"answer": "decline"})

    assert OutboxEmail.objects.count() == count


LONDON = ZoneInfo("Europe/London")


def test_escalation_emails_the_destination_and_the_regional_admins(
    academy, coordinator, regional_admin, settings, django_capture_on_commit_callbacks
):
    from ats.routing.services import send_routing_reminders

    settings.ROUTING_ACK_WORKING_DAYS = 1
    group_admin = UserFactory(email="grace@region.example")
    group_admin.groups.add(Group.objects.get_or_create(name="Regional admins")[0])
    UserFactory(email="nobody@region.example")  # not an admin
    Organisation.objects.exclude(pk=academy.pk).filter(kind="academy").delete()
    with time_machine.travel(datetime(2026, 11, 5, 10, tzinfo=LONDON), tick=False):
        decision = routed(EnquiryFactory(), academy)
    for day in (6, 9):  # Friday: reminder; Monday: nobody else can take it
        with (
            time_machine.travel(datetime(2026, 11, day, 10, tzinfo=LONDON), tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            send_routing_reminders()

    decision.refresh_from_db()
    assert decision.escalated_at is not None
    to_destination = next(m for m in mail.outbox if m.subject.startswith("Still waiting"))
    to_admins = next(m for m in mail.outbox if m.subject.startswith("Escalated"))
    assert to_destination.to == ["cora@academy.example"]
    assert to_admins.to == ["admin@region.example", "grace@region.example"]
    assert reverse("routing:decision", args=[decision.pk]) in to_admins.body
    assert "no other organisation could take the person" in to_admins.body
