"""The main navigation in headless Chromium: on a phone it folds behind a "Menu" button so the page
starts near the top; on a desktop every link shows and there is no button."""

import pytest

from tests.fixtures.browser import serious_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("home_page"),
]


def test_on_a_phone_the_menu_button_shows_and_hides_the_links(live_server, page_at):
    page = page_at(390)
    page.goto(f"{live_server.url}/jobs/")
    menu = page.get_by_role("button", name="Menu")
    find_a_job = page.locator(".site-nav__list").get_by_role("link", name="Find a job")

    assert menu.is_visible() and menu.get_attribute("aria-expanded") == "false"
    assert not find_a_job.is_visible()
    assert page.locator(".site-header").bounding_box()["height"] < 120  # was ~185 px of wrapped links

    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert find_a_job.is_visible()
    assert serious_axe_violations(page) == []
    menu.click()
    assert not find_a_job.is_visible()


def test_on_a_desktop_every_link_shows_without_a_button(live_server, page_at):
    page = page_at(1280)
    page.goto(f"{live_server.url}/jobs/")

    assert not page.get_by_role("button", name="Menu").is_visible()
    assert page.locator(".site-nav__list").get_by_role("link", name="Find a job").is_visible()


def test_without_javascript_the_links_show_on_a_phone(live_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/jobs/")

    assert page.locator(".site-nav__list").get_by_role("link", name="Find a job").is_visible()
    assert not page.locator(".site-nav__toggle").is_visible()
    context.close()
