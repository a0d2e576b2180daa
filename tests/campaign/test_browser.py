"""Headless Chromium: key campaign pages have no serious or critical axe-core violations at phone and
desktop widths, work without JavaScript, and screenshots are saved to test-artifacts/."""

import pytest

from tests.fixtures.browser import screenshot, serious_axe_violations

PAGES = ["home", "landing", "role", "area", "event"]
pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _tree_roots(transactional_db):
    """The live server needs committed rows, and the flush after each transactional test removes the
    rows migrations made (locale, root page, root collection): put them back."""
    from wagtail.models import Collection, Locale, Page

    Locale.objects.get_or_create(language_code="en-gb")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", live=True))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("attr", PAGES)
def test_key_pages_are_accessible_at_phone_and_desktop_width(live_server, site, page_at, attr, width):
    page = page_at(width)
    page.goto(live_server.url + getattr(site, attr).url)

    screenshot(page, f"campaign-{attr}-{width}")
    violations = serious_axe_violations(page)

    assert violations == [], "\n".join(
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in violations
    )
    assert page.locator("h1").count() == 1
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"


def test_visitor_can_register_for_an_event_without_javascript(live_server, site, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + site.event.url)

    page.get_by_role("link", name="Register for this event").click()
    page.get_by_label("Full name").fill("Jo Bloggs")
    page.get_by_label("Email address").fill("jo@example.org")
    page.get_by_role("button", name="Register").click()

    assert page.get_by_role("heading", name="You're registered").is_visible()
    context.close()
