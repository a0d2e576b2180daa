"""Journey: a marketing editor builds a campaign landing page in the Wagtail admin and submits it for
approval; a moderator approves it; a visitor then sees it. Both sign in with the second factor."""

from __future__ import annotations

import importlib

import pytest

from django.contrib.auth.models import Group

from tests.factories import UserFactory, with_totp
from tests.fixtures.browser import serious_axe_violations
from tests.journeys.conftest import Staff
from tests.journeys.support import click, sees, sign_in_as_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def marketing_team(region):
    """The marketing groups, their permissions and the approval workflow, as migration campaign 0003
    makes them (a transactional test starts from an empty database)."""
    from django.apps import apps

    importlib.import_module("campaign.migrations.0003_marketing_workflow").create_groups_and_workflow(
        apps, None
    )


def marketing(group: str, email: str) -> Staff:
    user = UserFactory(email=email, is_staff=False)
    user.set_password("a-long-staff-password-42")
    user.save()
    user.groups.add(Group.objects.get(name=group))
    return Staff(user, "a-long-staff-password-42", with_totp(user))


def test_editor_submits_a_landing_page_a_moderator_approves_and_a_visitor_sees_it(
    live_server, page_at, region, marketing_team
):
    editor = marketing("Marketing editors", "ed@council.example")
    moderator = marketing("Marketing moderators", "mo@council.example")
    home = region

    desk = page_at(1280, 900)
    sign_in_as_staff(desk, live_server, editor, landing="/admin/")
    desk.goto(f"{live_server.url}/admin/pages/{home.pk}/add_subpage/")
    click(desk, "link", "Campaign landing page", exact=True)
    desk.get_by_role("textbox", name="Title*").fill("Care Week 2027")
    desk.get_by_role("textbox", name="Hero heading*").fill("Start a career in care this spring")
    desk.get_by_role("textbox", name="Hero text").fill(
        "Free training, a guaranteed interview and a job near home."
    )
    desk.get_by_role("button", name="More actions").click()
    click(desk, "button", "Submit to Campaign approval")
    assert sees(desk, "Page 'Care Week 2027' created and submitted for moderation")
    visitor = page_at(390)
    response = visitor.goto(f"{live_server.url}/care-week-2027/")
    assert response.status == 404  # not live until approved

    moderating = page_at(1280, 900)
    sign_in_as_staff(moderating, live_server, moderator, landing="/admin/")
    assert sees(moderating, "Awaiting your review")
    moderating.get_by_role("button", name="Actions").click()
    moderating.get_by_role("button", name="Approve", exact=True).click()
    moderating.wait_for_load_state()
    assert moderating.get_by_role("link", name="Care Week 2027").count() == 0  # nothing left to review
    response = visitor.goto(f"{live_server.url}/care-week-2027/")
    assert response.status == 200
    assert visitor.get_by_role("heading", name="Start a career in care this spring").is_visible()
    assert sees(visitor, "Free training, a guaranteed interview and a job near home.")
    assert serious_axe_violations(visitor) == []
