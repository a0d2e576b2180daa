"""A jobseeker on a phone (390 px): signs up, verifies by the emailed link, applies end to end."""

import re

import pytest

from ats.models import Application
from cms.models import OutboxEmail
from tests.ats.jobseeker_fixtures import make_pdf, places, site  # noqa: F401
from tests.factories import VacancyFactory
from tests.fixtures.browser import screenshot, serious_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("site", "places"),
]


def save_and_continue(page, button="Save and continue"):
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()


def test_jobseeker_signs_up_verifies_and_applies_on_a_phone(
    live_server, page_at, tmp_path, employer_a, recruiter_a
):
    vacancy = VacancyFactory(organisation=employer_a, title="Home care assistant", slug="home-care-assistant")
    page = page_at(390)
    email = "phone.user@example.org"

    page.goto(f"{live_server.url}/accounts/signup/")
    assert serious_axe_violations(page) == []
    page.get_by_label("Email").fill(email)
    page.locator("#id_password1").fill("a-long-care-password-42")
    page.locator("#id_password2").fill("a-long-care-password-42")
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_load_state()
    assert "Verify Your Email Address" in page.content()

    body = OutboxEmail.objects.get(to=[email]).body_text
    link = re.search(r"https?://\S+?(/accounts/confirm-email/\S+/)", body).group(1)
    page.goto(live_server.url + link)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/jobs/{vacancy.slug}/apply/")
    assert "Step 1 of 8" in page.content()
    assert serious_axe_violations(page) == []
    page.locator("#id_first_name").fill("Phone")
    page.locator("#id_last_name").fill("User")
    page.locator("#id_phone").fill("07700 900123")
    page.locator("#id_postcode").fill("NE1 4ST")
    save_and_continue(page)
    for radio in ("#id_over_18_0", "#id_right_to_work_0", "#id_driving_licence_1", "#id_has_car_1"):
        page.locator(radio).check()
    save_and_continue(page)
    page.locator("#id_availability_0").check()
    page.locator("#id_hours_wanted").fill("20")
    save_and_continue(page)
    page.locator("#id_experience_0").check()
    page.locator("#id_care_certificate_0").check()
    save_and_continue(page)
    page.locator("#id_personal_statement").fill("I helped care for my nan.")
    save_and_continue(page)
    for number, name in ((1, "Sam Boss"), (2, "Ali Friend")):
        page.locator(f"#id_referee_{number}_name").fill(name)
        page.locator(f"#id_referee_{number}_relationship").fill("Manager")
        page.locator(f"#id_referee_{number}_contact").fill("0191 498 0000")
    save_and_continue(page)
    cv = tmp_path / "Phone User CV.pdf"
    cv.write_bytes(make_pdf())
    page.locator("#id_cv_0").check()
    page.locator("#id_file").set_input_files(str(cv))
    save_and_continue(page)
    page.locator("#id_consent").check()
    save_and_continue(page, "Continue to check your answers")

    assert "Check your answers before sending your application" in page.content()
    assert serious_axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    screenshot(page, "apply-check-answers-390")
    page.get_by_role("button", name="Send application").click()
    page.wait_for_load_state()

    assert page.get_by_role("heading", name="Application sent").is_visible()
    screenshot(page, "apply-sent-390")
    application = Application.objects.get(vacancy=vacancy)
    assert application.candidate.email == email
    assert application.cv.original_name == "Phone User CV.pdf"
    assert OutboxEmail.objects.filter(template="emails/new_application", to=[recruiter_a.email]).exists()


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
