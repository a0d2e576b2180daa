"""Issue 21.8 in a real browser: a recruiter on a phone and on a desktop sees the staff service
navigation, uses it to reach Enquiries, and signs out; axe finds nothing serious on the way."""

import pytest

from ats.models import RoutingDecision
from tests.ats.test_recruit_browser import signed_in_page
from tests.factories import EnquiryFactory
from tests.fixtures.browser import screenshot, serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1280])
def test_recruiter_uses_the_service_navigation_and_signs_out(
    page_at, client, live_server, home_page, recruiter_a, employer_a, width
):
    RoutingDecision.objects.create(
        enquiry=EnquiryFactory(name="Priya Shah"), destination=employer_a, rule_name="Test", reason="Test"
    )
    page = signed_in_page(page_at, client, live_server, recruiter_a, width=width)

    page.goto(f"{live_server.url}/recruit/")
    navigation = page.get_by_role("navigation", name="Staff portal")
    assert navigation.is_visible()
    assert page.get_by_role("button", name="Sign out").is_visible()
    assert serious_axe_violations(page) == []

    navigation.get_by_role("link", name="Enquiries").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/recruit/enquiries/"
    assert navigation.get_by_role("link", name="Enquiries").get_attribute("aria-current") == "page"
    assert page.get_by_role("link", name="Priya Shah").is_visible()
    assert serious_axe_violations(page) == []
    screenshot(page, f"staff-navigation-enquiries-{width}")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/recruit/")
    assert "/accounts/login/" in page.url
