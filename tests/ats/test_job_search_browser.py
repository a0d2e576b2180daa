"""Job search on a phone and on a desktop, in headless Chromium: on a phone the filters fold away under
"Filter jobs" so the first job is near the top; they open with a tap and still narrow the results.
Without JavaScript the page sends the filters open (tests/ats/test_job_search.py covers the HTML)."""

import pytest

from ats.models import Vacancy
from tests.ats.jobseeker_fixtures import places, site  # noqa: F401
from tests.factories import RoleFactory, VacancyFactory
from tests.fixtures.browser import screenshot, serious_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("site", "places"),
]
PHONE_HEIGHT = 844


@pytest.fixture
def jobs(db):
    """Jobs of eight different kinds, so the filter list is as long as on the real site."""
    names = ["Care worker", "Home care worker", "Senior carer", "Support worker", "Nurse", "Cook",
             "Activities coordinator", "Registered manager"]  # fmt: skip
    for index, name in enumerate(names):
        VacancyFactory(
            title=f"{name} job",
            role=RoleFactory(name=name, slug=f"role-{index}"),
            setting=Vacancy.Setting.HOME_CARE if index % 2 else Vacancy.Setting.RESIDENTIAL,
        )


def test_on_a_phone_the_first_job_is_near_the_top_and_filters_open_with_a_tap(live_server, page_at, jobs):
    page = page_at(390, PHONE_HEIGHT)
    page.goto(f"{live_server.url}/jobs/")

    first_job = page.locator(".job-card").first
    assert first_job.bounding_box()["y"] < 2 * PHONE_HEIGHT  # within two screens, not four
    home_care = page.get_by_label("Home care", exact=False).first
    assert not home_care.is_visible()
    assert serious_axe_violations(page) == []

    page.get_by_text("Filter jobs").click()
    page.locator("#f-setting-home_care, input[name=setting][value=home_care]").first.check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()

    assert "4 jobs" in page.locator(".results-summary__count").inner_text()
    assert "(1 selected)" in page.locator(".job-search__filters-toggle").inner_text()
    assert not page.locator("input[name=setting][value=home_care]").is_visible()  # folded again
    screenshot(page, "job-search-phone")


def test_on_a_desktop_the_filters_are_a_column_beside_the_results(live_server, page_at, jobs):
    page = page_at(1280, 900)
    page.goto(f"{live_server.url}/jobs/")

    home_care = page.locator("input[name=setting][value=home_care]")
    assert home_care.is_visible()
    filters_box = page.locator(".job-search__filters").bounding_box()
    results_box = page.locator(".job-search__results").bounding_box()
    assert filters_box["x"] + filters_box["width"] <= results_box["x"]
    assert serious_axe_violations(page) == []
    screenshot(page, "job-search-desktop")
