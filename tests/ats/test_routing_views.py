"""The receiving organisation's pages: routed enquiries, referrals, academy courses.
A provider never sees an enquiry that was not routed or referred to it."""

from datetime import timedelta

import pytest

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ats.models import CandidateProfile, Cohort, Enrolment, Referral, RoutingDecision
from ats.organisations.permissions import enquiries_for, referrals_for
from ats.routing.academy import give_referral_consent, withdraw_referral_consent
from tests.factories import EnquiryFactory, VacancyFactory


def routed(enquiry, destination, **fields):
    return RoutingDecision.objects.create(
        enquiry=enquiry,
        destination=destination,
        rule_name="Experienced: matching providers within their travel distance",
        reason="Lives in Newcastle upon Tyne; experienced in care. So sent to Alpha Home Care, 1.2 miles away.",
        **fields,
    )


@pytest.fixture
def routed_to_a(employer_a):
    return routed(
        EnquiryFactory(name="Ada Lovelace", phone="07700 900456", experience="experienced"), employer_a
    )


def test_recruiter_sees_enquiries_routed_to_their_organisation_with_the_reason(
    client, home_page, recruiter_a, routed_to_a
):
    client.force_login(recruiter_a)

    inbox = client.get(reverse("routing:inbox"))
    detail = client.get(reverse("routing:decision", args=[routed_to_a.pk]))

    assert "Ada Lovelace" in inbox.content.decode()
    content = detail.content.decode()
    assert "Experienced: matching providers within their travel distance" in content
    assert "So sent to Alpha Home Care, 1.2 miles away." in content
    assert "07700 900456" in content


def test_recruiter_cannot_open_other_employers_routed_enquiry(client, home_page, recruiter_b, routed_to_a):
    client.force_login(recruiter_b)

    assert "Ada Lovelace" not in client.get(reverse("routing:inbox")).content.decode()
    assert client.get(reverse("routing:decision", args=[routed_to_a.pk])).status_code == 404
    assert client.post(reverse("routing:acknowledge", args=[routed_to_a.pk])).status_code == 404
    assert client.get(reverse("routing:refer", args=[routed_to_a.pk])).status_code == 404
    assert not enquiries_for(recruiter_b).exists()


def test_enquiry_passed_on_is_no_longer_visible_to_the_first_organisation(
    client, home_page, recruiter_a, employer_b, routed_to_a
):
    routed_to_a.superseded_at = timezone.now()
    routed_to_a.superseded_by = routed(routed_to_a.enquiry, employer_b, attempt=2)
    routed_to_a.save()
    client.force_login(recruiter_a)

    assert client.get(reverse("routing:decision", args=[routed_to_a.pk])).status_code == 404
    assert not enquiries_for(recruiter_a).exists()


def test_anonymous_visitor_is_sent_to_log_in(client, routed_to_a):
    response = client.get(reverse("routing:decision", args=[routed_to_a.pk]))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_recruiter_acknowledges_an_enquiry(client, home_page, recruiter_a, routed_to_a):
    client.force_login(recruiter_a)

    response = client.post(reverse("routing:acknowledge", args=[routed_to_a.pk]), follow=True)

    routed_to_a.refresh_from_db()
    assert routed_to_a.acknowledged_by == recruiter_a
    assert "Acknowledged. Now contact them." in response.content.decode()
    assert list(routed_to_a.events.values_list("kind", flat=True)) == ["acknowledged"]


def test_viewer_can_read_but_not_acknowledge(client, home_page, viewer_a, routed_to_a):
    client.force_login(viewer_a)

    assert client.get(reverse("routing:decision", args=[routed_to_a.pk])).status_code == 200
    assert client.post(reverse("routing:acknowledge", args=[routed_to_a.pk])).status_code == 404
    routed_to_a.refresh_from_db()
    assert routed_to_a.acknowledged_at is None


def test_regional_admin_sees_every_routed_enquiry(client, home_page, regional_admin, routed_to_a):
    client.force_login(regional_admin)

    assert client.get(reverse("routing:decision", args=[routed_to_a.pk])).status_code == 200
    assert enquiries_for(regional_admin).count() == 1


# --- Referrals ---------------------------------------------------------------------------------------


@pytest.fixture
def routed_to_academy(academy, jobseeker):
    enquiry = EnquiryFactory(
        name="Jo Seeker", email="jo@seeker.example", phone="07700 900789", user=jobseeker
    )
    give_referral_consent(user=jobseeker)
    return routed(enquiry, academy)


def test_academy_refers_a_graduate_and_the_provider_sees_only_what_was_shared(
    client,
    home_page,
    coordinator,
    recruiter_a,
    recruiter_b,
    employer_a,
    routed_to_academy,
    django_capture_on_commit_callbacks,
):
    vacancy = VacancyFactory(organisation=employer_a, title="Care assistant (days)")
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("routing:refer", args=[routed_to_academy.pk]),
            {"to_org": employer_a.pk, "vacancy": vacancy.pk, "fields": ["name", "email"]},
        )

    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.consent_at == referral.candidate.consents.get(purpose="referral").given_at
    assert referral.shared == {"name": "Jo Seeker", "email": "jo@seeker.example"}
    assert mail.outbox[-1].to == ["rita@alpha.example"]

    client.force_login(recruiter_a)
    assert "Newcastle Care Academy" in client.get(reverse("routing:inbox")).content.decode()
    page = client.get(reverse("routing:referral", args=[referral.pk])).content.decode()
    assert "jo@seeker.example" in page
    assert "07700 900789" not in page  # the phone number was not shared
    assert client.get(reverse("routing:decision", args=[routed_to_academy.pk])).status_code == 404

    client.force_login(recruiter_b)
    assert client.get(reverse("routing:referral", args=[referral.pk])).status_code == 404
    assert not referrals_for(recruiter_b).exists()


def test_referral_without_the_candidates_consent_is_refused(
    client, home_page, coordinator, employer_a, routed_to_academy, jobseeker
):
    withdraw_referral_consent(jobseeker)
    client.force_login(coordinator)
    page = client.get(reverse("routing:refer", args=[routed_to_academy.pk])).content.decode()
    assert "They have not agreed to be referred to another organisation" in page

    response = client.post(
        reverse("routing:refer", args=[routed_to_academy.pk]), {"to_org": employer_a.pk, "fields": ["name"]}
    )

    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert "They have not agreed to be referred to another organisation" in response.content.decode()
    assert not Referral.objects.exists()
    assert not mail.outbox


def test_referral_to_another_organisations_vacancy_is_refused(
    client, home_page, coordinator, employer_a, employer_b, routed_to_academy
):
    client.force_login(coordinator)
    other = VacancyFactory(organisation=employer_b)

    response = client.post(
        reverse("routing:refer", args=[routed_to_academy.pk]),
        {"to_org": employer_a.pk, "vacancy": other.pk, "fields": ["name"]},
    )

    assert "Choose a vacancy at the organisation you are referring them to" in response.content.decode()
    assert not Referral.objects.exists()


def _referral(academy, employer, enquiry):
    return Referral.objects.create(
        from_org=academy,
        to_org=employer,
        enquiry=enquiry,
        candidate=enquiry.user,
        consent_at=timezone.now(),
        shared={"name": enquiry.name},
    )


def test_provider_accepts_a_referral_once_and_the_candidate_sees_it(
    client, home_page, recruiter_a, employer_a, academy, routed_to_academy, jobseeker
):
    referral = _referral(academy, employer_a, routed_to_academy.enquiry)
    client.force_login(recruiter_a)

    response = client.post(
        reverse("routing:referral-respond", args=[referral.pk]), {"answer": "accept"}, follow=True
    )
    assert "You accepted the referral." in response.content.decode()
    again = client.post(
        reverse("routing:referral-respond", args=[referral.pk]), {"answer": "decline"}, follow=True
    )
    assert "This referral was already accepted." in again.content.decode()
    referral.refresh_from_db()
    assert referral.status == "accepted"
    assert referral.decided_by == recruiter_a

    from django.template import Context, Template

    html = Template("{% load routing_tags %}{% candidate_referrals %}").render(Context({"user": jobseeker}))
    assert "Newcastle Care Academy referred you to <strong>Alpha Home Care</strong>" in html
    assert "They accepted: they will contact you." in html


def test_provider_declines_a_referral(client, home_page, recruiter_a, employer_a, academy, routed_to_academy):
    referral = _referral(academy, employer_a, routed_to_academy.enquiry)
    client.force_login(recruiter_a)

    client.post(
        reverse("routing:referral-respond", args=[referral.pk]), {"answer": "decline", "note": "No vacancies"}
    )

    referral.refresh_from_db()
    assert referral.status == "declined"
    assert referral.decision_note == "No vacancies"


def test_other_provider_cannot_answer_a_referral(
    client, home_page, recruiter_b, employer_a, academy, routed_to_academy
):
    referral = _referral(academy, employer_a, routed_to_academy.enquiry)
    client.force_login(recruiter_b)

    assert (
        client.post(reverse("routing:referral-respond", args=[referral.pk]), {"answer": "accept"}).status_code
        == 404
    )
    referral.refresh_from_db()
    assert referral.status == "pending"


# --- Academy courses ------------------------------------------------------------------------------------


@pytest.fixture
def cohort(academy):
    start = timezone.localdate() + timedelta(days=7)
    return Cohort.objects.create(
        academy=academy, starts_on=start, ends_on=start + timedelta(days=11), venue="Civic Centre", capacity=1
    )


def test_coordinator_invites_records_attendance_and_completion_shown_on_the_profile(
    client, home_page, coordinator, cohort, routed_to_academy, jobseeker
):
    client.force_login(coordinator)

    invited = client.post(
        reverse("routing:invite", args=[routed_to_academy.pk]), {"cohort": cohort.pk}, follow=True
    )
    assert "You invited them to the course." in invited.content.decode()
    assert "Care Certificate pre-employment programme" in invited.content.decode()
    enrolment = Enrolment.objects.get()
    assert enrolment.status == "invited"
    assert cohort.places_left == 0
    assert "0 places left" in client.get(reverse("routing:cohort", args=[cohort.pk])).content.decode()

    client.post(reverse("routing:enrolment-move", args=[enrolment.pk]), {"to": "attended"})
    client.post(reverse("routing:enrolment-move", args=[enrolment.pk]), {"to": "completed"})

    enrolment.refresh_from_db()
    assert enrolment.status == "completed"
    assert enrolment.completed_at is not None
    assert CandidateProfile.objects.get(user=jobseeker).care_certificate == "completed"


def test_completing_without_attending_is_refused(client, home_page, coordinator, cohort, routed_to_academy):
    client.force_login(coordinator)
    client.post(reverse("routing:invite", args=[routed_to_academy.pk]), {"cohort": cohort.pk})
    enrolment = Enrolment.objects.get()

    response = client.post(
        reverse("routing:enrolment-move", args=[enrolment.pk]), {"to": "completed"}, follow=True
    )

    assert "You cannot mark someone who is invited as completed." in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == "invited"


def test_a_full_course_refuses_another_invitation(
    client, home_page, coordinator, cohort, academy, routed_to_academy
):
    client.force_login(coordinator)
    client.post(reverse("routing:invite", args=[routed_to_academy.pk]), {"cohort": cohort.pk})
    second = routed(EnquiryFactory(name="Second Person"), academy)

    response = client.post(reverse("routing:invite", args=[second.pk]), {"cohort": cohort.pk}, follow=True)

    assert "This course is full." in response.content.decode()
    assert Enrolment.objects.count() == 1


def test_provider_cannot_see_or_change_an_academy_course(
    client, home_page, recruiter_a, cohort, routed_to_academy
):
    enrolment = Enrolment.objects.create(cohort=cohort, enquiry=routed_to_academy.enquiry)
    client.force_login(recruiter_a)

    assert client.get(reverse("routing:cohort", args=[cohort.pk])).status_code == 404
    assert (
        client.post(reverse("routing:enrolment-move", args=[enrolment.pk]), {"to": "attended"}).status_code
        == 404
    )


def test_academy_refers_a_new_to_care_applicant_with_their_account_details(
    client, home_page, coordinator, academy, employer_a, jobseeker
):
    from ats.models import CandidateProfile as Profile
    from tests.factories import ApplicationFactory

    Profile.objects.create(user=jobseeker, phone="07700 900111", postcode="NE1 4ST", experience="none")
    give_referral_consent(user=jobseeker)
    decision = RoutingDecision.objects.create(
        application=ApplicationFactory(candidate=jobseeker),
        destination=academy,
        rule_name="New to care",
        reason="x",
    )
    client.force_login(coordinator)

    assert "jo@seeker.example" in client.get(reverse("routing:decision", args=[decision.pk])).content.decode()
    client.post(
        reverse("routing:refer", args=[decision.pk]),
        {"to_org": employer_a.pk, "fields": ["name", "phone"]},
    )

    referral = Referral.objects.get()
    assert referral.candidate == jobseeker
    assert referral.shared == {"name": "Jo Seeker", "phone": "07700 900111"}


def test_coordinator_invites_a_new_to_care_applicant_to_a_course(
    client, home_page, coordinator, academy, cohort, jobseeker
):
    from tests.factories import ApplicationFactory

    decision = RoutingDecision.objects.create(
        application=ApplicationFactory(candidate=jobseeker),
        destination=academy,
        rule_name="New to care",
        reason="x",
    )
    client.force_login(coordinator)

    client.post(reverse("routing:invite", args=[decision.pk]), {"cohort": cohort.pk})

    assert Enrolment.objects.get().candidate == jobseeker


def test_candidate_sees_their_referrals_on_their_dashboard(
    client, home_page, jobseeker, academy, employer_a, routed_to_academy
):
    _referral(academy, employer_a, routed_to_academy.enquiry)
    client.force_login(jobseeker)

    content = client.get(reverse("candidate:dashboard")).content.decode()

    assert "Your referrals" in content
    assert "Newcastle Care Academy referred you to <strong>Alpha Home Care</strong>" in content
    assert "They have not replied yet." in content
