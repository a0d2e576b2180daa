"""A recruiter who signs in at the Wagtail admin's login page with a password is asked for the
authenticator code before the portal shows anything (issue 21.1, ADR 0013)."""

import pytest

from tests.ats.second_factor_support import PASSWORD, current_code
from tests.factories import ApplicationFactory, VacancyFactory, with_totp
from tests.fixtures.browser import screenshot, serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_password_at_the_admin_login_is_not_enough_for_the_portal(
    page_at, live_server, home_page, recruiter_a, employer_a
):
    secret = with_totp(recruiter_a)
    vacancy = VacancyFactory(organisation=employer_a, title="Home care worker", anonymised_shortlisting=False)
    application = ApplicationFactory(vacancy=vacancy, snapshot={"name": "Priya Shah"})
    page = page_at(1280)

    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Email").fill(recruiter_a.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()

    assert page.get_by_label("Code").is_visible()
    assert serious_axe_violations(page) == []
    screenshot(page, "second-factor-asked")
    for url in ["/recruit/", f"/recruit/applications/{application.public_id}/"]:
        portal = page.request.get(f"{live_server.url}{url}", max_redirects=0)
        assert portal.status == 302, url
        assert "Priya Shah" not in portal.text()

    page.get_by_label("Code").fill(current_code(secret))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()

    assert page.url == f"{live_server.url}/recruit/"
    page.goto(f"{live_server.url}/recruit/applications/{application.public_id}/")
    assert page.get_by_role("heading", name="Priya Shah").is_visible()
