"""The apply journey: steps, check your answers, submit, emails, snapshot, idempotency, guests."""

import re
from types import SimpleNamespace

import pytest

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from ats.applications.apply import AlreadyApplied, submit_application
from ats.applications.forms.apply import ScreeningForm, is_knockout
from ats.models import Application, ApplicationDraft, ApplicationEvent, CandidateProfile, Membership, Vacancy
from cms.models import User
from tests.ats.apply_answers import CONSENT, SCREEN_DATA
from tests.ats.jobseeker_fixtures import eager_tasks, make_pdf, places, site  # noqa: F401
from tests.factories import ApplicationFactory, MembershipFactory, VacancyFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("site", "places", "eager_tasks"),
]


@pytest.fixture
def vacancy(employer_a, recruiter_a, viewer_a):
    MembershipFactory(organisation=employer_a, role=Membership.Role.ADMIN, user__email="ada@alpha.example")
    return VacancyFactory(organisation=employer_a, title="Care assistant", slug="care-assistant-heaton")


def post_step(client, slug, screen, data=None):
    return client.post(f"/jobs/{slug}/apply/{screen}/", data if data is not None else SCREEN_DATA[screen])


def complete_steps(client, vacancy, *, with_cv=True, job=None):
    for screen in ("details", "about"):
        response = post_step(client, vacancy.slug, screen)
        assert response.status_code == 302, (screen, response.content.decode()[:3000])
    cv = {"cv": "upload", "file": SimpleUploadedFile("Jo CV.pdf", make_pdf())} if with_cv else {"cv": "none"}
    response = post_step(client, vacancy.slug, "job", {**SCREEN_DATA["job"], **cv, **(job or {})})
    assert response["Location"] == f"/jobs/{vacancy.slug}/apply/check-your-answers/", response.content[:3000]


def send(client, vacancy, data=CONSENT):
    return client.post(f"/jobs/{vacancy.slug}/apply/check-your-answers/", data)


def test_signed_in_jobseeker_applies_step_by_step_and_everyone_is_told(client, jobseeker, vacancy):
    client.get(f"/jobs/{vacancy.slug}/?utm_source=facebook&utm_campaign=winter-care")
    client.force_login(jobseeker)

    start = client.get(f"/jobs/{vacancy.slug}/apply/")
    assert start["Location"] == f"/jobs/{vacancy.slug}/apply/details/"
    first = client.get(start["Location"]).content.decode()
    assert "Step 1 of 3" in first and "Your details" in first
    complete_steps(client, vacancy)

    check = client.get(f"/jobs/{vacancy.slug}/apply/check-your-answers/").content.decode()
    assert "Check your answers before sending your application" in check
    assert "07700 900123" in check and "NE1 4ST" in check and "Jo CV.pdf" in check
    assert f"/jobs/{vacancy.slug}/apply/job/?change=1" in check

    response = send(client, vacancy)
    assert response["Location"] == f"/jobs/{vacancy.slug}/apply/application-sent/"
    assert "Application sent" in client.get(response["Location"]).content.decode()

    application = Application.objects.get(vacancy=vacancy, candidate=jobseeker)
    assert application.stage == "applied" and application.applied_at
    assert application.snapshot["name"] == "Jo Seeker"
    assert application.snapshot["phone"] == "07700 900123"
    assert application.snapshot["referees"][1]["name"] == "Ali Friend"
    assert application.cv.original_name == "Jo CV.pdf"
    assert application.attribution["first"]["utm_source"] == "facebook"
    assert application.attribution["last"]["utm_campaign"] == "winter-care"
    assert application.distance_miles is not None and application.distance_miles < 1
    assert ApplicationEvent.objects.get(application=application).to_stage == "applied"
    assert application.consents.get().wording.startswith("Care Careers North East will share")

    to_candidate, to_recruiters = mail.outbox
    assert to_candidate.to == [jobseeker.email]
    assert to_candidate.subject == "Your application for Care assistant has been sent"
    assert to_candidate.alternatives[0][1] == "text/html"
    assert sorted(to_recruiters.to) == ["ada@alpha.example", "rita@alpha.example"]  # not the viewer
    assert to_recruiters.subject == "New application: Care assistant"
    profile = CandidateProfile.objects.get(user=jobseeker)
    assert profile.phone == "07700 900123" and profile.latitude is not None  # answers saved for next time


def test_details_the_profile_holds_are_not_asked_again(client, jobseeker, vacancy):
    CandidateProfile.objects.create(user=jobseeker, phone="07700 900555", postcode="NE1 4ST")
    client.force_login(jobseeker)

    response = client.get(f"/jobs/{vacancy.slug}/apply/", follow=True)

    assert response.redirect_chain[-1][0] == f"/jobs/{vacancy.slug}/apply/about/"
    check = client.get(f"/jobs/{vacancy.slug}/apply/about/?change=1")
    assert check.status_code == 200


def test_a_returning_jobseeker_sees_only_the_jobs_own_screen_then_checks_and_sends(
    client, jobseeker, vacancy, employer_a
):
    client.force_login(jobseeker)
    complete_steps(client, vacancy)
    send(client, vacancy)
    second = VacancyFactory(organisation=employer_a, title="Night carer", slug="night-carer")

    start = client.get(f"/jobs/{second.slug}/apply/")

    assert start["Location"] == f"/jobs/{second.slug}/apply/job/"
    page = client.get(start["Location"]).content.decode()
    assert "Your application to Alpha Home Care" in page
    assert (
        "I cared for my grandmother" in page and 'value="Sam Boss"' in page
    )  # the profile's, to keep or change
    assert post_step(client, second.slug, "job")["Location"].endswith("/check-your-answers/")
    check = client.get(f"/jobs/{second.slug}/apply/check-your-answers/").content.decode()
    assert "07700 900123" in check and "I cared for my grandmother" in check  # from the profile
    assert send(client, second)["Location"] == f"/jobs/{second.slug}/apply/application-sent/"
    snapshot = Application.objects.get(vacancy=second).snapshot
    assert snapshot["name"] == "Jo Seeker" and snapshot["referees"][0]["name"] == "Sam Boss"


def test_statement_and_referees_are_optional_and_none_are_sent(client, jobseeker, vacancy):
    client.force_login(jobseeker)
    for screen in ("details", "about"):
        post_step(client, vacancy.slug, screen)
    post_step(client, vacancy.slug, "job", {"cv": "none"})

    assert send(client, vacancy).status_code == 302
    snapshot = Application.objects.get().snapshot
    assert snapshot["referees"] == [] and snapshot["answers"]["statement"]["personal_statement"] == ""


def test_a_referee_half_given_is_refused_with_what_is_missing(client, jobseeker, vacancy):
    client.force_login(jobseeker)
    response = post_step(client, vacancy.slug, "job", {"cv": "none", "referee_1_name": "Sam Boss"})

    assert response.status_code == 400
    assert "Enter an email address or phone number for your first referee" in response.content.decode()


def test_sending_needs_the_consent_box_ticked(client, jobseeker, vacancy):
    client.force_login(jobseeker)
    complete_steps(client, vacancy)

    response = send(client, vacancy, {})

    assert response.status_code == 400
    assert "Tick the box to agree" in response.content.decode()
    assert not Application.objects.exists()


def test_the_snapshot_does_not_change_when_the_profile_does(client, jobseeker, vacancy):
    client.force_login(jobseeker)
    complete_steps(client, vacancy)
    send(client, vacancy)

    client.post("/me/profile/statement/", {"personal_statement": "Something completely different."})

    application = Application.objects.get(candidate=jobseeker)
    assert (
        CandidateProfile.objects.get(user=jobseeker).personal_statement == "Something completely different."
    )
    assert application.snapshot["answers"]["statement"]["personal_statement"].startswith("I cared for my")


def test_submitting_twice_makes_one_application_and_one_set_of_emails(client, jobseeker, vacancy):
    client.force_login(jobseeker)
    complete_steps(client, vacancy)

    first = send(client, vacancy)
    second = send(client, vacancy)
    draft = ApplicationDraft.objects.get(candidate=jobseeker)
    again = submit_application(draft, by=jobseeker)

    assert first["Location"] == second["Location"] == f"/jobs/{vacancy.slug}/apply/application-sent/"
    assert Application.objects.filter(candidate=jobseeker).count() == 1
    assert again == Application.objects.get()
    assert len(mail.outbox) == 2


def test_a_second_application_to_the_same_job_is_refused_with_a_link_to_the_first(client, jobseeker, vacancy):
    first = ApplicationFactory(vacancy=vacancy, candidate=jobseeker)
    client.force_login(jobseeker)

    response = client.get(f"/jobs/{vacancy.slug}/apply/")

    assert response.status_code == 409
    html = response.content.decode()
    assert "You have already applied for this job" in html
    assert f"/me/applications/{first.public_id}/" in html
    draft = ApplicationDraft.objects.create(vacancy=vacancy, candidate=jobseeker)
    with pytest.raises(AlreadyApplied) as refused:
        submit_application(draft, by=jobseeker)
    assert refused.value.application == first


def test_progress_is_saved_and_resumed_where_the_candidate_left_off(client, jobseeker, vacancy):
    client.force_login(jobseeker)
    post_step(client, vacancy.slug, "details")
    client.logout()
    client.force_login(jobseeker)

    assert "Care assistant" in client.get("/me/").content.decode()  # listed as unfinished
    resume = client.get(f"/jobs/{vacancy.slug}/apply/")
    assert resume["Location"] == f"/jobs/{vacancy.slug}/apply/about/"
    assert 'value="Seeker"' in client.get(f"/jobs/{vacancy.slug}/apply/details/").content.decode()


def test_check_answers_sends_the_candidate_back_to_an_unanswered_step(client, jobseeker, vacancy):
    client.force_login(jobseeker)
    post_step(client, vacancy.slug, "details")

    response = send(client, vacancy)

    assert response["Location"] == f"/jobs/{vacancy.slug}/apply/about/"
    assert not Application.objects.exists()


def test_closed_and_external_vacancies_cannot_be_applied_for(client, jobseeker, employer_a):
    client.force_login(jobseeker)
    closed = VacancyFactory(organisation=employer_a, closed=True)
    external = VacancyFactory(organisation=employer_a, apply_method=Vacancy.ApplyMethod.EXTERNAL)

    assert client.get(f"/jobs/{closed.slug}/apply/").status_code == 410
    assert client.get(f"/jobs/{external.slug}/apply/").status_code == 410


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"personal_statement": "x" * 10_000}, "at most 3000 characters"),
        ({"personal_statement": "Hello\x00\x1b[31m world"}, "Remove the hidden or special characters"),
    ],
)
def test_overlong_and_control_character_answers_are_refused_and_not_stored(
    client, jobseeker, vacancy, data, message
):
    client.force_login(jobseeker)
    response = post_step(client, vacancy.slug, "job", {**SCREEN_DATA["job"], **data})

    assert response.status_code == 400
    assert message in response.content.decode()
    draft = ApplicationDraft.objects.get(candidate=jobseeker)
    assert "statement" not in draft.answers and "cv" not in draft.answers


def test_script_tags_are_stored_as_text_and_shown_escaped(client, jobseeker, vacancy, recruiter_a):
    client.force_login(jobseeker)
    complete_steps(client, vacancy)
    post_step(
        client,
        vacancy.slug,
        "job",
        {**SCREEN_DATA["job"], "personal_statement": "<script>alert('hi')</script>"},
    )

    check = client.get(f"/jobs/{vacancy.slug}/apply/check-your-answers/").content.decode()

    assert "<script>alert" not in check
    assert "&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt;" in check
    assert (
        ApplicationDraft.objects.get().answers["statement"]["personal_statement"]
        == "<script>alert('hi')</script>"
    )


def test_guest_confirms_their_email_by_link_which_creates_the_account(client, vacancy):
    page = client.get(f"/jobs/{vacancy.slug}/apply/").content.decode()
    assert "Start with your details" in page

    response = client.post(
        f"/jobs/{vacancy.slug}/apply/", {**SCREEN_DATA["details"], "email": "New.Person@Example.org"}
    )

    assert "Check your email" in response.content.decode()
    assert not User.objects.filter(email="new.person@example.org").exists()
    link = re.search(r"http://testserver(/jobs/\S+/apply/confirm/\S+/)", mail.outbox[0].body).group(1)
    followed = client.get(link)
    assert followed["Location"] == f"/jobs/{vacancy.slug}/apply/"
    user = User.objects.get(email="new.person@example.org")
    assert user.emailaddress_set.get().verified
    assert ApplicationDraft.objects.get().candidate == user
    # Their details came with the email address: next is "you and care work".
    assert client.get(followed["Location"])["Location"] == f"/jobs/{vacancy.slug}/apply/about/"
    assert client.get(link).status_code == 400  # used once


def test_guest_start_answers_the_same_for_known_and_unknown_emails(client, jobseeker, vacancy):
    known = client.post(
        f"/jobs/{vacancy.slug}/apply/", {**SCREEN_DATA["details"], "email": jobseeker.email}
    ).content.decode()
    unknown = client.post(
        f"/jobs/{vacancy.slug}/apply/", {**SCREEN_DATA["details"], "email": "nobody@seeker.example"}
    ).content.decode()

    def body(html):
        return re.sub(r"<strong>[^<]+</strong>|csrfmiddlewaretoken[^>]+", "", html)

    assert body(known) == body(unknown)


def test_guest_link_does_not_bypass_two_factor_sign_in(client, jobseeker, vacancy):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=jobseeker, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.post(f"/jobs/{vacancy.slug}/apply/", {**SCREEN_DATA["details"], "email": jobseeker.email})
    link = re.search(r"http://testserver(/jobs/\S+/apply/confirm/\S+/)", mail.outbox[0].body).group(1)

    response = client.get(link)

    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_filled_honeypot_on_apply_stores_nothing_and_sends_nothing(client, vacancy):
    response = client.post(
        f"/jobs/{vacancy.slug}/apply/",
        {**SCREEN_DATA["details"], "email": "bot@spam.example", "website": "x"},
    )

    assert "Check your email" in response.content.decode()
    assert not ApplicationDraft.objects.exists()
    assert mail.outbox == []


def test_apply_is_rate_limited(client, vacancy, settings):
    settings.FORM_RATE_LIMIT = 2
    for n in range(2):
        assert (
            client.post(
                f"/jobs/{vacancy.slug}/apply/", {**SCREEN_DATA["details"], "email": f"p{n}@example.org"}
            ).status_code
            == 200
        )

    response = client.post(
        f"/jobs/{vacancy.slug}/apply/", {**SCREEN_DATA["details"], "email": "p3@example.org"}
    )

    assert response.status_code == 429
    assert "too many attempts" in response.content.decode()
    assert ApplicationDraft.objects.count() == 2


def test_screening_answers_that_do_not_fit_are_flagged_not_hidden():
    questions = [
        SimpleNamespace(pk=1, text="Can you work weekends?", kind="yes_no", choices=[], knockout_answer="no"),
        SimpleNamespace(
            pk=2, text="Which shift?", kind="choice", choices=["Early", "Late"], knockout_answer=""
        ),
        SimpleNamespace(pk=3, text="Why this job?", kind="text", choices=[], knockout_answer=""),
    ]
    form = ScreeningForm({"q_1": "no", "q_2": "Late", "q_3": "I like people"}, questions=questions)

    assert form.is_valid(), form.errors
    assert [is_knockout(q, form.cleaned_data[f"q_{q.pk}"]) for q in questions] == [True, False, False]
    assert not ScreeningForm({"q_1": "maybe", "q_2": "Late", "q_3": "x"}, questions=questions).is_valid()


def test_vacancy_screening_questions_become_a_step_and_knockouts_reach_the_recruiter(
    client, jobseeker, vacancy
):
    from ats.models import ScreeningQuestion

    question = ScreeningQuestion.objects.create(
        vacancy=vacancy, text="Can you work weekends?", kind="yes_no", knockout_answer="no"
    )
    client.force_login(jobseeker)
    complete_steps(client, vacancy, job={f"q_{question.pk}": "no"})
    send(client, vacancy)

    application = Application.objects.get()
    assert application.knockout_flags == [{"question": "Can you work weekends?", "answer": "no"}]
    assert "1 screening answer did not match" in mail.outbox[1].body


def test_candidate_sees_a_plain_english_timeline_and_can_withdraw(client, jobseeker, vacancy):
    client.force_login(jobseeker)
    complete_steps(client, vacancy, with_cv=False)
    send(client, vacancy)
    application = Application.objects.get()

    page = client.get(f"/me/applications/{application.public_id}/").content.decode()
    assert "Your application has been sent" in page
    response = client.post(f"/me/applications/{application.public_id}/withdraw/", {"stage": "applied"})

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == "withdrawn"
    page = client.get(f"/me/applications/{application.public_id}/").content.decode()
    assert "You withdrew your application" in page
    assert "Withdraw your application" not in page
    assert list(application.events.values_list("to_stage", "actor")) == [
        ("applied", jobseeker.pk),
        ("withdrawn", jobseeker.pk),
    ]


def test_candidates_cannot_see_or_withdraw_each_others_applications(client, jobseeker, vacancy):
    other = ApplicationFactory(vacancy=vacancy)
    client.force_login(jobseeker)

    assert client.get(f"/me/applications/{other.public_id}/").status_code == 404
    assert client.post(f"/me/applications/{other.public_id}/withdraw/").status_code == 404
    other.refresh_from_db()
    assert other.stage == "applied"


def test_support_and_the_guaranteed_interview_are_asked_and_reach_the_recruiter(
    client, jobseeker, vacancy, employer_a, recruiter_a
):
    employer_a.guaranteed_interview = True
    employer_a.save()
    client.force_login(jobseeker)
    complete_steps(client, vacancy, with_cv=False)
    job = client.get(f"/jobs/{vacancy.slug}/apply/job/?change=1").content.decode()
    assert "Do you need any support or changes to apply or to come to an interview?" in job
    assert "Alpha Home Care is a Disability Confident employer" in job
    post_step(
        client,
        vacancy.slug,
        "job",
        {**SCREEN_DATA["job"], "adjustments": "Questions in writing, please", "guaranteed_interview": "on"},
    )
    send(client, vacancy)
    application = Application.objects.get()

    client.force_login(recruiter_a)
    page = client.get(f"/recruit/applications/{application.public_id}/").content.decode()

    assert "Questions in writing, please" in page
    assert "I have a disability and want to apply under the guaranteed interview scheme" in page


def test_no_guaranteed_interview_question_where_the_employer_does_not_offer_it(client, jobseeker, vacancy):
    client.force_login(jobseeker)

    job = client.get(f"/jobs/{vacancy.slug}/apply/job/").content.decode()

    assert "Do you need any support or changes" in job and "guaranteed interview" not in job
