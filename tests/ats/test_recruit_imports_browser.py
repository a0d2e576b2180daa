"""The vacancy import in headless Chromium: upload, the page that shows the check's progress and then
the preview (or the report naming each row's problems), confirm, done. Zero serious or critical axe
violations on every page; works with JavaScript on (htmx polling) as a recruiter would use it."""

import pytest

from ats.models import Vacancy
from tests.ats.test_recruit_browser import signed_in_page
from tests.ats.test_recruit_imports import GOOD, HEADER, PAST
from tests.factories import RoleFactory
from tests.fixtures.browser import screenshot, serious_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("eager_celery"),
]


@pytest.fixture
def roles(reference_data):
    return RoleFactory(name="Care worker")


def upload(page, base, name, rows):
    page.goto(f"{base}/recruit/vacancies/import/")
    assert serious_axe_violations(page) == []
    page.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": (HEADER + "".join(r + "\n" for r in rows)).encode()}
    )
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()


def test_recruiter_imports_a_file_and_every_step_is_accessible(
    page_at, client, live_server, home_page, recruiter_a, roles
):
    page = signed_in_page(page_at, client, live_server, recruiter_a, width=1280)

    upload(page, live_server.url, "jobs.csv", GOOD)
    page.get_by_text("2 vacancies from jobs.csv will be created").wait_for(timeout=15000)
    assert serious_axe_violations(page) == []
    screenshot(page, "recruit-import-preview")

    page.get_by_role("button", name="Import").first.click()
    page.get_by_text("Imported 2 vacancies").wait_for(timeout=15000)
    assert serious_axe_violations(page) == []
    assert Vacancy.objects.count() == 2


def test_a_file_with_problems_shows_an_accessible_report_and_imports_nothing(
    page_at, client, live_server, home_page, recruiter_a, roles
):
    page = signed_in_page(page_at, client, live_server, recruiter_a, width=390)

    upload(
        page,
        live_server.url,
        "jobs.csv",
        [GOOD[0], f"Support worker,spaceship,NE1 4ST,,{PAST},Care worker,12,13"],
    )
    page.get_by_text("There are problems with jobs.csv").wait_for(timeout=15000)

    assert page.get_by_role("link", name="Row 3: 2 problems").is_visible()
    assert serious_axe_violations(page) == []
    assert not Vacancy.objects.exists()
    screenshot(page, "recruit-import-problems-phone")
