"""A jobseeker on a phone (390 px): signs up, verifies by the emailed link, applies end to end."""

import re

import pytest

from ats.models import Application
from cms.models import OutboxEmail
from tests.ats.jobseeker_fixtures import eager_tasks, make_pdf, places, site  # noqa: F401
from tests.factories import VacancyFactory
from tests.fixtures.browser import screenshot, serious_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("site", "places", "eager_tasks"),
]


def save_and_continue(page, button="Save and continue"):
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()


class Screens:
    """Counts the pages a phone loads, as a person counts screens."""

    def __init__(self, page):
        self.count = 0
        page.on("framenavigated", lambda frame: frame == page.main_frame and self.tally())

    def tally(self):
        self.count += 1


def test_a_guest_applies_in_six_screens_and_then_a_second_job_in_three(
    live_server, page_at, employer_a, recruiter_a
):
    from ats.models import ScreeningQuestion

    first = VacancyFactory(organisation=employer_a, title="Home care assistant", slug="home-care-assistant")
    ScreeningQuestion.objects.create(
        vacancy=first, text="Do you have the right to work in the UK?", kind="yes_no", knockout_answer="no"
    )
    ScreeningQuestion.objects.create(
        vacancy=first, text="Can you work every other weekend?", kind="yes_no", knockout_answer="no"
    )
    second = VacancyFactory(organisation=employer_a, title="Night carer", slug="night-carer")
    page = page_at(390)
    email = "phone.user@example.org"
    page.goto(f"{live_server.url}/jobs/{first.slug}/")
    screens = Screens(page)

    page.get_by_role("link", name="Apply for this job").click()
    page.wait_for_load_state()
    assert serious_axe_violations(page) == []
    page.get_by_label("First name").fill("Phone")
    page.get_by_label("Last name").fill("User")
    page.get_by_label("Phone number").fill("07700 900123")
    page.get_by_label("Postcode").fill("NE1 4ST")
    page.get_by_label("Email address").fill(email)
    save_and_continue(page, "Continue")
    assert "Check your email" in page.content()

    body = OutboxEmail.objects.get(to=[email]).body_text
    page.goto(live_server.url + re.search(r"https?://\S+?(/jobs/\S+/apply/confirm/\S+/)", body).group(1))
    assert "Step 2 of 3" in page.content() and "You and care work" in page.content()
    assert serious_axe_violations(page) == []
    page.get_by_role("group", name="Are you 18 or over?").get_by_label("Yes, I am 18 or over").check()
    page.get_by_role("group", name="Do you have the right to work in the UK?").get_by_label(
        "Yes, I have the right to work in the UK"
    ).check()
    page.get_by_label("Days").check()
    page.get_by_role("group", name="How much experience of paid care work do you have?").get_by_label(
        "I'm new to care"
    ).check()
    page.get_by_role("group", name="Do you have the Care Certificate?").get_by_label(
        "I don't have it"
    ).check()
    save_and_continue(page)

    # The employer's own questions, without the one already answered; the statement is optional.
    assert page.get_by_role("heading", name="Your application to Alpha Home Care").is_visible()
    assert page.get_by_role("group", name="Do you have the right to work in the UK?").count() == 0
    assert serious_axe_violations(page) == []
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 844})
        assert serious_axe_violations(page) == [], width
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("group", name="Can you work every other weekend?").get_by_label("Yes").check()
    page.get_by_label("Do you need any support or changes").fill("Step-free access, please.")
    page.get_by_role("group", name="Which CV do you want to send?").get_by_label("Apply without a CV").check()
    save_and_continue(page, "Continue to check your answers")

    assert "Check your answers before sending your application" in page.content()
    assert serious_axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    screenshot(page, "apply-check-answers-390")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Send application").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Application sent").is_visible()
    assert screens.count <= 6, screens.count
    application = Application.objects.get(vacancy=first)
    assert application.candidate.email == email
    answers = application.snapshot["answers"]["screening"]
    assert sorted(answers.values()) == ["yes", "yes"]  # right to work answered once, for both
    assert OutboxEmail.objects.filter(template="emails/new_application", to=[recruiter_a.email]).exists()

    # Back for a second job: the profile answers everything but this job's own screen.
    page.goto(f"{live_server.url}/jobs/{second.slug}/")
    screens = Screens(page)
    page.get_by_role("link", name="Apply for this job").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Your application to Alpha Home Care").is_visible()
    page.get_by_role("group", name="Which CV do you want to send?").get_by_label("Apply without a CV").check()
    save_and_continue(page, "Continue to check your answers")
    assert "Phone" in page.content() and "NE1 4ST" in page.content()
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Send application").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Application sent").is_visible()
    assert screens.count <= 3, screens.count
    assert Application.objects.get(vacancy=second).snapshot["name"] == "Phone User"

    # The recruiter sees the support asked for.
    assert "Step-free access, please." in str(application.snapshot["answers"]["adjustments"])


def test_answers_that_rule_a_job_out_are_explained_at_the_question(
    live_server, page_at, jobseeker, employer_a
):
    from ats.models import Vacancy

    vacancy = VacancyFactory(
        organisation=employer_a, title="Home carer", slug="home-carer", setting=Vacancy.Setting.HOME_CARE
    )
    page = page_at(390)
    page.goto(f"{live_server.url}/accounts/login/")
    jobseeker.set_password("a-long-care-password-42")
    jobseeker.save()
    page.get_by_label("Email").fill(jobseeker.email)
    page.get_by_label("Password").fill("a-long-care-password-42")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/jobs/{vacancy.slug}/apply/about/")

    under_18 = page.get_by_text("because they include personal care")
    assert not under_18.is_visible()
    page.get_by_role("group", name="Are you 18 or over?").get_by_label("No, I am under 18").check()
    assert under_18.is_visible()
    assert page.get_by_role("link", name="look at care apprenticeships").is_visible()
    page.get_by_role("group", name="Do you have the right to work in the UK?").get_by_label(
        "I would need visa sponsorship"
    ).check()
    assert page.get_by_text("does not sponsor visas for this job").is_visible()
    page.get_by_role("group", name="Do you have a full UK driving licence?").get_by_label("No").check()
    assert page.get_by_text("needs a full driving licence").is_visible()
    assert page.get_by_role("link", name="Care home jobs need no car").first.is_visible()
    screenshot(page, "apply-knockouts-390")
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 844})
        assert serious_axe_violations(page) == [], width


def test_errors_are_summarised_and_focused_on_a_phone(live_server, page_at, jobseeker):
    page = page_at(390)
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_load_state()

    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_email"
