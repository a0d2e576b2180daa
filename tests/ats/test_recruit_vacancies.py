"""Vacancy management in the portal, regional approval, and organisation people."""

import pytest

from django.core import mail

from ats.models import Invitation, Membership, RatingCriterion, Vacancy
from tests.factories import (
    LocationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    VacancyFactory,
    with_totp,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]


def vacancy_data(organisation, **overrides):
    data = {
        "organisation": organisation.pk,
        "title": "Senior care assistant",
        "setting": "residential",
        "contract": "permanent",
        "pattern": "full_time",
        "hours_per_week": "37.5",
        "pay_min": "12.80",
        "pay_max": "13.40",
        "pay_period": "hour",
        "posts": "2",
        "apply_method": "on_site",
        "summary": "Lead a small team on days.",
        "dbs_level": "enhanced_barred",
        "qualification": "none",
        "experience": "none",
        "benefits": ["pension"],
    }
    data.update(overrides)
    return data


def test_recruiter_creates_a_draft_then_publishes_it_live(client, recruiter_a, employer_a):
    client.force_login(recruiter_a)
    location = LocationFactory(organisation=employer_a)

    response = client.post(
        "/recruit/vacancies/new/",
        vacancy_data(employer_a, locations=[location.pk], anonymised_shortlisting="on"),
    )

    vacancy = Vacancy.objects.get(title="Senior care assistant")
    assert response["Location"] == f"/recruit/vacancies/{vacancy.public_id}/"
    assert vacancy.status == "draft"
    assert vacancy.anonymised_shortlisting
    assert list(vacancy.locations.all()) == [location]
    assert RatingCriterion.objects.filter(vacancy=vacancy).count() == 3
    preview = client.get(response["Location"])
    assert "Lead a small team on days." in preview.content.decode()

    client.post(f"/recruit/vacancies/{vacancy.public_id}/publish/")
    vacancy.refresh_from_db()
    assert vacancy.status == "live"
    assert client.get(f"/jobs/{vacancy.slug}/").status_code == 200


def test_pay_range_must_make_sense(client, recruiter_a, employer_a):
    client.force_login(recruiter_a)
    response = client.post("/recruit/vacancies/new/", vacancy_data(employer_a, pay_min="14", pay_max="12"))
    assert response.status_code == 200
    assert "The top of the pay range must not be below the bottom." in response.content.decode()
    assert not Vacancy.objects.exists()


def test_recruiter_cannot_advertise_for_another_organisation(client, recruiter_a, employer_b):
    client.force_login(recruiter_a)
    response = client.post("/recruit/vacancies/new/", vacancy_data(employer_b))
    assert response.status_code == 200
    assert not Vacancy.objects.exists()


def test_unverified_organisations_vacancy_waits_for_a_regional_admin(client, regional_admin):
    unverified = OrganisationFactory(verified=False, name="New Start Care")
    recruiter = MembershipFactory(organisation=unverified).user
    with_totp(recruiter)
    vacancy = VacancyFactory(organisation=unverified, draft=True)
    client.force_login(recruiter)

    page = client.post(f"/recruit/vacancies/{vacancy.public_id}/publish/", follow=True)

    vacancy.refresh_from_db()
    assert vacancy.status == "pending"
    assert "waiting for approval by a regional admin" in page.content.decode()
    assert client.get(f"/jobs/{vacancy.slug}/").status_code == 404  # not public until approved
    assert client.get("/recruit/approvals/").status_code == 404

    client.force_login(regional_admin)
    listing = client.get("/recruit/approvals/")
    assert vacancy.title in listing.content.decode()
    client.post(f"/recruit/approvals/{vacancy.public_id}/", {"decision": "approve"})
    vacancy.refresh_from_db()
    assert vacancy.status == "live"
    assert vacancy.published_at is not None
    assert client.get(f"/jobs/{vacancy.slug}/").status_code == 200


def test_clone_makes_a_draft_copy_and_close_stops_applications(client, recruiter_a, employer_a):
    vacancy = VacancyFactory(organisation=employer_a, title="Night carer")
    RatingCriterion.objects.create(vacancy=vacancy, name="Reliability")
    client.force_login(recruiter_a)

    response = client.post(f"/recruit/vacancies/{vacancy.public_id}/clone/")
    copy = Vacancy.objects.exclude(pk=vacancy.pk).get()
    assert response["Location"] == f"/recruit/vacancies/{copy.public_id}/edit/"
    assert (copy.title, copy.status) == ("Night carer (copy)", "draft")
    assert list(copy.rating_criteria.values_list("name", flat=True)) == ["Reliability"]

    client.post(f"/recruit/vacancies/{vacancy.public_id}/close/")
    vacancy.refresh_from_db()
    assert vacancy.status == "closed"


def test_edit_saves_changes(client, recruiter_a, employer_a):
    vacancy = VacancyFactory(organisation=employer_a)
    client.force_login(recruiter_a)
    client.post(
        f"/recruit/vacancies/{vacancy.public_id}/edit/", vacancy_data(employer_a, title="Carer (weekends)")
    )
    vacancy.refresh_from_db()
    assert vacancy.title == "Carer (weekends)"


def test_admin_invites_a_colleague_who_accepts_and_can_then_be_removed(
    client, employer_a, django_capture_on_commit_callbacks
):
    admin = MembershipFactory(organisation=employer_a, role=Membership.Role.ADMIN).user
    with_totp(admin)
    client.force_login(admin)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/recruit/organisations/{employer_a.public_id}/people/",
            {"email": "Sam@Alpha.example", "role": "recruiter"},
        )

    invitation = Invitation.objects.get()
    assert invitation.email == "sam@alpha.example"
    assert mail.outbox[-1].to == ["sam@alpha.example"]
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/recruit/invitations/" in line).strip()
    path = link.split("127.0.0.1:8000", 1)[-1]

    sam = UserFactory(email="sam@alpha.example")
    client.force_login(sam)
    assert "Join Alpha Home Care" in client.get(path).content.decode()
    response = client.post(path)
    assert response["Location"] == "/recruit/"
    membership = Membership.objects.get(user=sam)
    assert (membership.organisation, membership.role) == (employer_a, "recruiter")
    assert client.get("/recruit/")["Location"] == "/accounts/2fa/totp/activate/"  # MFA before anything else

    client.force_login(admin)
    client.post(
        f"/recruit/organisations/{employer_a.public_id}/people/remove/", {"membership": membership.pk}
    )
    assert not Membership.objects.filter(user=sam).exists()


def test_invitation_link_does_not_work_for_someone_else(client, employer_a, jobseeker):
    admin = MembershipFactory(organisation=employer_a, role=Membership.Role.ADMIN).user
    from ats.organisations.memberships import invitation_token, invite_colleague

    invitation = invite_colleague(employer_a, email="sam@alpha.example", role="recruiter", by=admin)
    client.force_login(jobseeker)
    assert client.post(f"/recruit/invitations/{invitation_token(invitation)}/").status_code == 404
    assert client.get("/recruit/invitations/forged-token/").status_code == 404
    assert not Membership.objects.filter(user=jobseeker).exists()


def test_recruiters_cannot_invite_or_remove_people(client, recruiter_a, viewer_a, employer_a):
    client.force_login(recruiter_a)
    response = client.post(
        f"/recruit/organisations/{employer_a.public_id}/people/", {"email": "x@y.example", "role": "admin"}
    )
    assert response.status_code == 404
    viewer_membership = Membership.objects.get(user=viewer_a)
    response = client.post(
        f"/recruit/organisations/{employer_a.public_id}/people/remove/", {"membership": viewer_membership.pk}
    )
    assert response.status_code == 404
    assert Membership.objects.filter(user=viewer_a).exists()
    assert not Invitation.objects.exists()


def test_recruiter_adds_and_removes_screening_questions(client, recruiter_a, viewer_a, employer_a):
    vacancy = VacancyFactory(organisation=employer_a)
    client.force_login(recruiter_a)
    url = f"/recruit/vacancies/{vacancy.public_id}/questions/"

    page = client.post(url, {"text": "Which shifts?", "kind": "choice", "choices": "Days"})
    assert "Give at least two options." in page.content.decode()
    client.post(url, {"text": "Do you drive?", "kind": "yes_no", "knockout_answer": "no"})
    client.post(url, {"text": "Which shifts?", "kind": "choice", "choices": "Days\nNights\n"})

    assert list(vacancy.screening_questions.values_list("text", "choices", "knockout_answer")) == [
        ("Do you drive?", [], "no"),
        ("Which shifts?", ["Days", "Nights"], ""),
    ]
    client.force_login(viewer_a)
    question = vacancy.screening_questions.first()
    assert client.post(url, {"remove": question.pk}).status_code == 403
    assert "Do you drive?" in client.get(url).content.decode()


def test_recruiter_adds_and_removes_rating_criteria_and_a_viewer_cannot(
    client, recruiter_a, viewer_a, employer_a
):
    vacancy = VacancyFactory(organisation=employer_a)
    client.force_login(recruiter_a)
    url = f"/recruit/vacancies/{vacancy.public_id}/criteria/"

    page = client.post(url, {"name": ""})
    assert page.status_code == 200 and not vacancy.rating_criteria.exists()
    page = client.post(url, {"name": "Values"}, follow=True)
    assert "Criterion added." in page.content.decode()
    client.post(url, {"name": "Experience"})
    assert list(vacancy.rating_criteria.values_list("name", "sort_order")) == [
        ("Values", 0),
        ("Experience", 1),
    ]

    assert client.post(url, {"remove": "not-a-number", "name": ""}).status_code == 200
    client.force_login(viewer_a)
    values = vacancy.rating_criteria.get(name="Values")
    assert client.post(url, {"remove": values.pk}).status_code == 403
    assert "Values" in client.get(url).content.decode()

    client.force_login(recruiter_a)
    page = client.post(url, {"remove": values.pk}, follow=True)
    assert "Criterion removed." in page.content.decode()
    assert list(vacancy.rating_criteria.values_list("name", flat=True)) == ["Experience"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"pay_min": "11.50", "pay_max": ""},
            "Pay must be at least the National Living Wage, £12.71 an hour",
        ),
        (
            {"pay_min": "20000", "pay_max": "", "pay_period": "year"},
            "Pay must be at least the National Living Wage, £12.71 an hour from 1 April 2026 "
            "(this is £10.22 an hour)",
        ),
        ({"pay_min": "8.50", "pay_max": ""}, "Pay must be at least the National Living Wage"),
    ],
)
def test_pay_below_the_national_living_wage_is_refused(client, recruiter_a, employer_a, overrides, message):
    client.force_login(recruiter_a)

    response = client.post("/recruit/vacancies/new/", vacancy_data(employer_a, **overrides))

    assert message in response.content.decode()
    assert not Vacancy.objects.exists()


def test_an_apprenticeship_may_pay_the_apprentice_rate_but_not_less(client, recruiter_a, employer_a):
    client.force_login(recruiter_a)

    low = client.post(
        "/recruit/vacancies/new/", vacancy_data(employer_a, pay_min="7.90", pay_max="", apprenticeship="on")
    )
    assert "Pay must be at least the apprentice rate, £8.00 an hour" in low.content.decode()
    response = client.post(
        "/recruit/vacancies/new/", vacancy_data(employer_a, pay_min="8.50", pay_max="", apprenticeship="on")
    )

    assert response.status_code == 302
    assert Vacancy.objects.get().pay_min == 8.5
