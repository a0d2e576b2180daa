"""A recruiter records that a new hire started, answers "still in post?" when it is due, and reads
the figures those answers make, through the real screens in Chromium, with axe checks."""

from datetime import timedelta

import pytest

from django.utils import timezone

from tests.ats.test_recruit_browser import signed_in_page
from tests.factories import ApplicationFactory, UserFactory, VacancyFactory
from tests.fixtures.browser import screenshot, serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_recruiter_records_a_start_answers_still_in_post_and_sees_it_counted(
    page_at, client, live_server, home_page, recruiter_a, employer_a
):
    vacancy = VacancyFactory(organisation=employer_a, title="Home care worker")
    hired_at = timezone.now() - timedelta(days=110)
    application = ApplicationFactory(
        vacancy=vacancy,
        candidate=UserFactory(first_name="Amira", last_name="Begum"),
        stage="hired",
        applied_at=hired_at - timedelta(days=20),
        shortlisted_at=hired_at - timedelta(days=18),
        interview_at=hired_at - timedelta(days=15),
        offer_at=hired_at - timedelta(days=12),
        checks_at=hired_at - timedelta(days=11),
        hired_at=hired_at,
        attribution={"first": {"utm_source": "facebook"}, "last": {"utm_source": "facebook"}},
    )
    started_on = (hired_at + timedelta(days=7)).date()
    page = signed_in_page(page_at, client, live_server, recruiter_a, width=1280)

    page.goto(f"{live_server.url}/recruit/applications/{application.public_id}/")
    page.get_by_label("Yes, they started").check()
    page.get_by_label("Date they started").fill(started_on.isoformat())
    page.get_by_role("button", name="Record start").click()
    page.wait_for_load_state()
    assert f"Started work on {started_on:%-d %B %Y}." in page.content()
    assert serious_axe_violations(page) == []

    page.get_by_role("link", name="Insight", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Insight: Alpha Home Care").is_visible()
    assert serious_axe_violations(page) == []
    screenshot(page, "insight-employer")

    page.get_by_role("link", name="Still in post? Answer what is due").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Amira Begum: Home care worker").is_visible()
    assert serious_axe_violations(page) == []
    page.get_by_label("Yes, still in post").check()
    page.get_by_role("button", name="Save answer for Amira Begum").click()
    page.wait_for_load_state()
    assert "your answer about Amira Begum is recorded" in page.content()

    page.get_by_role("link", name="Insight", exact=True).first.click()
    page.wait_for_load_state()
    in_post = page.get_by_role("table", name="Still in post at 3, 6 and 12 months after starting")
    assert in_post.get_by_role("row", name="3 months").inner_text().split("\t") == [
        "3 months",
        "1",
        "1",
        "0",
        "0",
        "100%",
    ]
    sources = page.get_by_role("table", name="Applications by source")
    assert "facebook" in sources.inner_text()


def test_regional_admin_compares_a_council_with_the_region_and_downloads_open_data(
    page_at, client, live_server, home_page, regional_admin, employer_a
):
    from tests.factories import LocalAuthorityFactory, LocationFactory

    newcastle = LocalAuthorityFactory(ons_code="E08000021", name="Newcastle upon Tyne")
    LocalAuthorityFactory(ons_code="E08000037", name="Gateshead")
    vacancy = VacancyFactory(
        organisation=employer_a,
        locations=[LocationFactory(organisation=employer_a, local_authority=newcastle)],
    )
    for _ in range(6):
        ApplicationFactory(vacancy=vacancy)
    page = signed_in_page(page_at, client, live_server, regional_admin, width=1280)

    page.goto(f"{live_server.url}/recruit/insight/")
    page.get_by_role("link", name="Figures by council and care setting").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Care recruitment by council: North East region").is_visible()
    page.get_by_label("Council").select_option(label="Newcastle upon Tyne")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Care recruitment by council: Newcastle upon Tyne").is_visible()
    assert serious_axe_violations(page) == []
    screenshot(page, "insight-councils")
    residential = page.get_by_role("table", name="Newcastle upon Tyne, the last 12 months").get_by_role(
        "row", name="Residential care"
    )
    assert residential.inner_text().split("\t")[1] == "6"

    with page.expect_download() as download:
        page.get_by_role("link", name="Open data for every council (CSV)").click()
    assert "Newcastle upon Tyne,Residential care,6" in download.value.path().read_text()
