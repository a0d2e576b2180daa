"""Journey: an organisation's admin makes an API key in the portal (shown once), their HR system
posts a vacancy with it, the recruiter portal lists that vacancy; the admin rotates the key and
only the new one works. Zero serious or critical axe violations on the keys page."""

import pytest
import requests

from tests.ats.test_recruit_browser import signed_in_page
from tests.fixtures.browser import screenshot, serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def api(live_server, key, method="get", path="/vacancies", headers=None, **kwargs):
    return requests.request(
        method,
        f"{live_server.url}/api/v1{path}",
        headers=headers or {"Authorization": f"Bearer {key}"},
        timeout=30,
        **kwargs,
    )


def test_admin_makes_and_rotates_a_key_that_their_system_uses(
    page_at, client, live_server, home_page, admin_a
):
    page = signed_in_page(page_at, client, live_server, admin_a, width=1280)

    page.goto(f"{live_server.url}/recruit/organisations/")
    page.get_by_role("link", name="API keys").click()
    assert serious_axe_violations(page) == []
    page.get_by_label("What will use this key?").fill("Our HR system")
    page.get_by_role("button", name="Make a key").click()

    page.get_by_role("heading", name="Your new key for “Our HR system”").wait_for()
    key = page.get_by_role("textbox", name="API key").input_value()
    assert key.startswith("ccne_")
    assert serious_axe_violations(page) == []
    screenshot(page, "recruit-api-key-made")

    made = api(
        live_server,
        key,
        "post",
        json={"title": "Home care worker, Hexham", "setting": "home_care", "publish": True},
        headers={"Authorization": f"Bearer {key}", "Idempotency-Key": "hr-1"},
    )
    assert made.status_code == 201, made.text

    page.goto(f"{live_server.url}/recruit/vacancies/")
    assert page.get_by_text("Home care worker, Hexham").first.is_visible()

    page.goto(f"{live_server.url}/recruit/organisations/")
    page.get_by_role("link", name="API keys").click()
    assert key not in page.content()  # shown once only
    page.get_by_role("button", name="Rotate Our HR system").click()
    page.get_by_role("heading", name="Your new key for “Our HR system”").wait_for()
    new_key = page.get_by_role("textbox", name="API key").input_value()

    assert new_key != key
    assert api(live_server, key).status_code == 401
    assert api(live_server, new_key).json()["count"] == 1
