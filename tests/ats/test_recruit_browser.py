"""The recruiter portal in a phone-sized Chromium: pipeline, bulk move, application page, axe checks."""

import pytest

from django.conf import settings

from tests.factories import ApplicationFactory, UserFactory, VacancyFactory
from tests.fixtures.browser import screenshot, serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in_page(page_at, client, live_server, user, width=390):
    client.force_login(user)
    page = page_at(width)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page


def test_recruiter_shortlists_from_a_phone(page_at, client, live_server, home_page, recruiter_a, employer_a):
    vacancy = VacancyFactory(organisation=employer_a, title="Home care worker")
    for first, last in (("Amira", "Begum"), ("Tom", "Hewitt")):
        ApplicationFactory(
            vacancy=vacancy, candidate=UserFactory(first_name=first, last_name=last), distance_miles=3
        )
    page = signed_in_page(page_at, client, live_server, recruiter_a)

    page.goto(f"{live_server.url}/recruit/vacancies/{vacancy.public_id}/applications/")
    assert page.get_by_role("link", name="Amira Begum").is_visible()
    assert serious_axe_violations(page) == []
    page.get_by_label("Select Amira Begum").check()
    page.get_by_label("Move selected to").select_option("shortlisted")
    page.get_by_role("button", name="Move selected").click()
    page.wait_for_load_state()
    assert "1 application will move to “Shortlisted”." in page.content()
    page.get_by_role("button", name="Move 1").click()
    page.wait_for_load_state()
    assert "1 moved." in page.content()
    screenshot(page, "recruit-pipeline-phone")

    page.get_by_role("link", name="Amira Begum").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Amira Begum").is_visible()
    assert serious_axe_violations(page) == []
    screenshot(page, "recruit-application-phone")


def test_recruiter_screens_applications_one_after_another(
    page_at, client, live_server, home_page, recruiter_a, employer_a
):
    from datetime import timedelta

    from django.utils import timezone

    vacancy = VacancyFactory(organisation=employer_a, title="Home care worker")
    for hours, (first, last) in enumerate((("Amira", "Begum"), ("Tom", "Hewitt"), ("Grace", "Okafor"))):
        ApplicationFactory(
            vacancy=vacancy,
            candidate=UserFactory(first_name=first, last_name=last),
            applied_at=timezone.now() - timedelta(hours=hours),
        )
    page = signed_in_page(page_at, client, live_server, recruiter_a, width=1280)

    page.goto(f"{live_server.url}/recruit/vacancies/{vacancy.public_id}/applications/?stage=applied")
    page.get_by_role("link", name="Amira Begum").click()
    page.wait_for_load_state()
    assert "Application 1 of 3 in your filtered list" in page.content()
    assert serious_axe_violations(page) == []

    page.get_by_role("button", name="Shortlist").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Tom Hewitt", level=1).is_visible()
    assert "Amira Begum: moved to “Shortlisted”" in page.content()
    page.get_by_label("Reason, if not progressing").first.select_option(
        label="Not enough availability for the hours needed"
    )
    page.get_by_role("button", name="Not progressing").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Grace Okafor", level=1).is_visible()
    assert "Application 1 of 1" in page.content()
    screenshot(page, "recruit-screening-queue")
