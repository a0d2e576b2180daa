"""Journey: from the dashboard to the whose-turn list of checks, into a candidate's checklist to
hand a check to the DBS, and back to the list, which now shows it with the third party."""

import pytest

from ats.pipeline.offers import make_offer
from tests.ats.test_recruit_browser import signed_in_page
from tests.factories import ApplicationFactory, UserFactory, VacancyFactory
from tests.fixtures.browser import screenshot, serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_recruiter_sees_whose_turn_and_hands_the_dbs_check_on(
    page_at, client, live_server, home_page, recruiter_a, employer_a
):
    vacancy = VacancyFactory(organisation=employer_a, title="Home care worker")
    app = ApplicationFactory(
        vacancy=vacancy,
        candidate=UserFactory(first_name="Amira", last_name="Begum"),
        interview=True,
    )
    make_offer(app, by=recruiter_a, expected_stage="interview")
    page = signed_in_page(page_at, client, live_server, recruiter_a, width=1280)

    page.goto(f"{live_server.url}/recruit/")
    page.get_by_role("link", name="Pre-employment checks: whose turn, and what is stuck").click()
    page.wait_for_load_state()
    assert "6 checks waiting" in page.content()
    assert serious_axe_violations(page) == []
    page.get_by_label("Whose turn").select_option(label="Third party (DBS, GP, training provider)")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state()
    assert "0 checks waiting" in page.content()

    page.goto(f"{live_server.url}/recruit/checks/")
    page.get_by_role("link", name="Amira Begum").first.click()
    page.wait_for_load_state()
    dbs = page.locator("form.check", has_text="DBS check")
    dbs.get_by_label("Whose turn").select_option(label="Third party (DBS, GP, training provider)")
    dbs.get_by_label("What happens next").fill("DBS processing the application")
    dbs.get_by_role("button", name="Save dbs check").click()
    page.wait_for_load_state()
    assert "DBS check updated." in page.content()

    page.goto(f"{live_server.url}/recruit/checks/?turn=third_party")
    assert "1 check waiting" in page.content()
    assert "DBS processing the application" in page.content()
    screenshot(page, "recruit-whose-turn")
