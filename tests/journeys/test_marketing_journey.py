"""Journeys of the marketing team in the Wagtail admin (issue 29): what the editor's menu offers, a
redirect and a banner made by the editor that a visitor then meets. Both sign in with the second factor."""

from __future__ import annotations

import importlib

import pytest
from playwright.sync_api import expect

from django.apps import apps
from django.contrib.auth.models import Group

from campaign.collections import campaign_collection
from campaign.models import CampaignLink
from tests.factories import UserFactory, with_totp
from tests.journeys.conftest import Staff
from tests.journeys.support import click, sees, sign_in_as_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARKETING_MIGRATIONS = [
    ("0003_marketing_workflow", "create_groups_and_workflow"),
    ("0005_image_permissions_on_wagtails_model", "grant"),
    ("0008_marketing_team_permissions", "grant"),
    ("0010_campaign_links", "grant"),
]


@pytest.fixture
def marketing_team(region):
    """The marketing groups and their permissions as the migrations make them (a transactional test
    may start from an empty database)."""
    for module, function in MARKETING_MIGRATIONS:
        getattr(importlib.import_module(f"campaign.migrations.{module}"), function)(apps, None)
    campaign_collection("Care Week")  # the demo makes one per campaign


def marketing(group: str, email: str) -> Staff:
    user = UserFactory(email=email, is_staff=False)
    user.set_password("a-long-staff-password-42")
    user.save()
    user.groups.add(Group.objects.get(name=group))
    return Staff(user, "a-long-staff-password-42", with_totp(user))


def test_an_editor_sees_only_campaign_work_and_adds_a_redirect_and_banner_a_visitor_meets(
    live_server, page_at, region, marketing_team
):
    editor = marketing("Marketing editors", "ed@council.example")
    desk = page_at(1280, 900)
    sign_in_as_staff(desk, live_server, editor, landing="/admin/")

    menu = desk.get_by_role("navigation", name="Main menu")
    for item in ("Pages", "Images", "Documents", "Snippets", "Settings"):
        assert menu.get_by_text(item, exact=True).first.is_visible()
    menu.get_by_role("button", name="Settings").click()
    assert menu.get_by_role("link", name="Navigation").is_visible()
    assert menu.get_by_role("link", name="Redirects").is_visible()
    assert menu.get_by_role("link", name="Users").count() == 0
    assert menu.get_by_role("button", name="Routing").count() == 0
    assert menu.get_by_role("button", name="Jobs and employers").count() == 0
    assert desk.goto(f"{live_server.url}/admin/routing_rules/").url.endswith("/admin/")  # sent back home

    desk.goto(f"{live_server.url}/admin/redirects/add/")
    desk.get_by_label("Redirect from*").fill("/bus")
    desk.get_by_label("Redirect to any URL").fill(f"{live_server.url}/work-in-care/?utm_source=bus")
    click(desk, "button", "Create")
    assert sees(desk, "/bus")

    desk.goto(f"{live_server.url}/admin/snippets/cms/campaignbanner/add/")
    desk.get_by_role("textbox", name="Text*").fill("Job fair at the Civic Centre on Saturday")
    click(desk, "button", "Save")
    assert sees(desk, "Job fair at the Civic Centre on Saturday")

    visitor = page_at(390)
    visitor.goto(f"{live_server.url}/bus")
    assert "utm_source=bus" in visitor.url
    assert sees(visitor, "Job fair at the Civic Centre on Saturday")


def test_an_editor_gets_a_plain_english_warning_builds_a_campaign_link_and_the_moderator_sees_the_schedule(
    live_server, page_at, region, marketing_team
):
    editor = marketing("Marketing editors", "ed@council.example")
    desk = page_at(1280, 900)
    sign_in_as_staff(desk, live_server, editor, landing="/admin/")

    desk.goto(f"{live_server.url}/admin/pages/{region.pk}/add_subpage/")
    click(desk, "link", "Campaign landing page", exact=True)
    desk.get_by_role("textbox", name="Title*").fill("Home care spring")
    desk.get_by_role("textbox", name="Title*").press("Tab")  # leaving the title fills the slug
    # Wagtail fills the slug from the title in the browser; save after it has.
    expect(desk.locator("#id_slug")).to_have_value("home-care-spring")
    desk.get_by_role("textbox", name="Hero heading*").fill("Home care on your doorstep")
    desk.get_by_role("textbox", name="Hero text").fill(
        "We utilise domiciliary care to support people at home."
    )
    click(desk, "button", "Save draft")
    assert sees(desk, "Plain English: “domiciliary care”: try “home care”.")

    desk.goto(f"{live_server.url}/admin/")
    desk.get_by_role("navigation", name="Main menu").get_by_role("link", name="Campaign links").click()
    click(desk, "link", "Add campaign link")
    desk.get_by_role("textbox", name="Campaign*").fill("Home care spring")
    desk.get_by_label("Channel*").select_option(label="Bus or bus stop")
    desk.get_by_role("textbox", name="Path").fill("/jobs/?role=care-worker")
    click(desk, "button", "Save")
    link = "/go/home-care-spring-bus/"
    assert sees(desk, link)
    made = CampaignLink.objects.get(slug="home-care-spring-bus")
    desk.goto(f"{live_server.url}/admin/snippets/campaign/campaignlink/inspect/{made.pk}/")
    assert desk.get_by_role("img", name="QR code for").is_visible()
    assert desk.get_by_role("link", name="Download SVG (for designers, any size)").is_visible()

    visitor = page_at(390)
    visitor.goto(f"{live_server.url}{link}")
    assert "/jobs/?role=care-worker&utm_source=bus" in visitor.url

    moderator = marketing("Marketing moderators", "mo@council.example")
    moderating = page_at(1280, 900)
    sign_in_as_staff(moderating, live_server, moderator, landing="/admin/")
    assert sees(moderating, "Scheduled publishing")
    click(moderating, "link", "See what goes live or comes down in the next weeks")
    assert moderating.get_by_role("heading", name="The next 6 weeks").is_visible()
