"""The jobseeker's dashboard and the equality report in a phone-sized Chromium, with axe checks."""

import pytest

from ats.models import CandidateMessage, EqualityResponse
from ats.pipeline.messaging import send_message
from tests.ats.test_recruit_browser import signed_in_page
from tests.factories import ApplicationFactory, UserFactory, VacancyFactory
from tests.fixtures.browser import screenshot, serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_jobseeker_reads_an_employers_message_from_the_dashboard_on_a_phone(
    page_at, client, live_server, home_page, jobseeker, employer_a
):
    application = ApplicationFactory(
        vacancy=VacancyFactory(organisation=employer_a, title="Night carer"), candidate=jobseeker
    )
    send_message(application, subject="Can you come in on Tuesday?", body="Dear {first_name},\n\nThanks.")
    page = signed_in_page(page_at, client, live_server, jobseeker)

    page.goto(f"{live_server.url}/me/")
    assert "You have 1 unread message." in page.content()
    assert serious_axe_violations(page) == []
    screenshot(page, "candidate-dashboard-phone")
    page.get_by_role("link", name="Can you come in on Tuesday?").click()
    page.wait_for_load_state()

    assert page.get_by_role("heading", name="Can you come in on Tuesday?").is_visible()
    assert serious_axe_violations(page) == []
    assert CandidateMessage.objects.get().read_at is not None


def test_regional_admin_reads_the_equality_report_on_a_phone(
    page_at, client, live_server, home_page, regional_admin
):
    for i in range(6):
        EqualityResponse.objects.create(
            user=UserFactory(),
            age_band="25-34",
            sex="female" if i else "male",
            gender_same_as_birth="yes",
            ethnicity="white",
            disability="no",
            religion="none",
            sexual_orientation="straight",
        )
    page = signed_in_page(page_at, client, live_server, regional_admin)

    page.goto(f"{live_server.url}/recruit/equality/region/")

    assert "fewer than 5" in page.content()
    assert serious_axe_violations(page) == []
    screenshot(page, "equality-report-phone")
