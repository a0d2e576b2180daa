"""Marketing workflow: editors submit, moderators approve and publish; scheduled publishing works."""

from datetime import timedelta

import time_machine

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Workflow

from campaign.models import CampaignLandingPage
from tests.factories import UserFactory


def member(group_name: str, email: str):
    user = UserFactory(email=email, is_staff=False)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_editors_can_draft_but_not_publish_and_moderators_can_publish(site):
    editor = member("Marketing editors", "ed@council.example")
    moderator = member("Marketing moderators", "mo@council.example")

    assert site.landing.permissions_for_user(editor).can_edit()
    assert not site.landing.permissions_for_user(editor).can_publish()
    assert site.landing.permissions_for_user(moderator).can_publish()
    assert editor.has_perm("wagtailadmin.access_admin")


def test_submitted_page_goes_live_only_when_a_moderator_approves(site):
    editor = member("Marketing editors", "ed@council.example")
    moderator = member("Marketing moderators", "mo@council.example")
    page = CampaignLandingPage(title="Care Week", slug="care-week", hero_heading="Care Week", live=False)
    site.home.add_child(instance=page)
    page.save_revision(user=editor)

    workflow = page.get_workflow()
    assert workflow == Workflow.objects.get(name="Campaign approval")
    state = workflow.start(page, editor)
    page.refresh_from_db()
    assert not page.live and state.status == "in_progress"

    task_state = state.current_task_state
    assert task_state.task.specific.user_can_access_editor(page, moderator)
    task_state.task.specific.on_action(task_state, moderator, "approve")

    page.refresh_from_db()
    state.refresh_from_db()
    assert page.live and state.status == "approved"


def test_scheduled_page_goes_live_at_its_time_and_comes_down_at_expiry(client, site):
    go_live = timezone.now() + timedelta(hours=2)
    page = CampaignLandingPage(title="Bus campaign", slug="bus", hero_heading="On the bus", live=False)
    site.home.add_child(instance=page)
    page.go_live_at = go_live
    page.expire_at = go_live + timedelta(days=1)
    page.save_revision().publish()

    assert client.get("/bus/").status_code == 404

    with time_machine.travel(go_live + timedelta(minutes=1)):
        call_command("publish_scheduled")
        assert client.get("/bus/").status_code == 200
    with time_machine.travel(go_live + timedelta(days=1, minutes=1)):
        call_command("publish_scheduled")
        assert client.get("/bus/").status_code == 404


def test_both_marketing_groups_edit_the_header_navigation_in_settings(client, site):
    from tests.factories import with_totp

    editor = member("Marketing editors", "ed@council.example")
    moderator = member("Marketing moderators", "mo@council.example")
    with_totp(editor)
    with_totp(moderator)
    url = "/admin/settings/cms/navigationsettings/"

    for member_ in (editor, moderator):  # ADR 0019: a weekly job of the team, in the site history
        client.force_login(member_)
        response = client.get(url, follow=True)

        assert response.status_code == 200 and "Header links" in response.content.decode()
