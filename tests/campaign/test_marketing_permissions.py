"""What each marketing group can open in the Wagtail admin, and what stays out of its reach
(issue 29; the groups are made by migrations campaign 0003, 0005 and 0008)."""

from __future__ import annotations

import json
import re

import pytest

from django.contrib.auth.models import Group

from campaign.collections import campaign_collection
from tests.factories import UserFactory, with_totp

# What a campaign team does every week: pages, images, documents, the banner, redirects, navigation.
CAMPAIGN_WORK = [
    "/admin/pages/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/snippets/cms/campaignbanner/",
    "/admin/snippets/cms/campaignbanner/add/",
    "/admin/redirects/",
    "/admin/redirects/add/",
    "/admin/settings/cms/navigationsettings/",
    "/admin/snippets/campaign/campaignlink/add/",
    "/admin/content_calendar/",
    "/admin/settings/campaign/plainenglishsettings/",
]
# Organisations, routing and people data.
OUT_OF_REACH = [
    "/admin/organisations/",
    "/admin/locations/",
    "/admin/vacancies/",
    "/admin/job_alerts/",
    "/admin/routing_rules/",
    "/admin/try_routing/",
    "/admin/routing_decisions/",
    "/admin/unrouted_enquiries/",
    "/admin/referrals/",
    "/admin/academy_courses/",
    "/admin/snippets/campaign/eventregistration/",
    "/admin/users/",
    "/admin/groups/",
    "/admin/settings/cms/sitesettings/",
]
SHOWN = {
    "Pages", "Images", "Documents", "Snippets", "Navigation", "Redirects", "Campaign links", "Content calendar"
}  # fmt: skip
HIDDEN = {
    "Routing",
    "Try routing",
    "Jobs and employers",
    "Employers",
    "Event registrations",
    "Users",
    "Groups",
}


def member(group: str, email: str):
    user = UserFactory(email=email, is_staff=False)
    user.groups.add(Group.objects.get(name=group))
    with_totp(user)
    return user


def menu_labels(html: str) -> set[str]:
    """Every label in the admin's sidebar menu, as its script reads them."""
    found = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S
    )
    labels: set[str] = set()

    def walk(value):
        if isinstance(value, dict):
            if isinstance(value.get("label"), str):
                labels.add(value["label"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads(found.group(1)))
    return labels


@pytest.mark.parametrize(
    ("group", "email"),
    [("Marketing editors", "ed@council.example"), ("Marketing moderators", "mo@council.example")],
)
def test_each_marketing_group_opens_the_campaign_work_and_nothing_else(client, site, group, email):
    campaign_collection("Care Week")  # as the demo makes one per campaign
    client.force_login(member(group, email))

    opened = {url: client.get(url, follow=True).status_code for url in CAMPAIGN_WORK}
    refused = {url: client.get(url).status_code for url in OUT_OF_REACH}

    assert opened == dict.fromkeys(CAMPAIGN_WORK, 200)
    assert all(status in (302, 403) for status in refused.values()), refused
    labels = menu_labels(client.get("/admin/").content.decode())
    assert labels >= SHOWN
    assert not labels & HIDDEN, labels & HIDDEN


def test_the_regional_admin_still_sees_routing_and_employers(client, site):
    admin = UserFactory(email="boss@region.example", is_staff=True, is_superuser=True)
    with_totp(admin)
    client.force_login(admin)

    labels = menu_labels(client.get("/admin/").content.decode())

    assert {"Routing", "Jobs and employers", "Try routing"} <= labels


def test_an_editor_adds_a_redirect_and_a_banner_and_changes_the_footer(client, site):
    from wagtail.contrib.redirects.models import Redirect

    from cms.models import CampaignBanner

    client.force_login(member("Marketing editors", "ed@council.example"))

    client.post(
        "/admin/redirects/add/",
        {
            "old_path": "/bus",
            "site": site.home.get_site().pk,
            "redirect_link": "https://localhost/jobs/?utm_source=bus",
        },
    )
    client.post(
        "/admin/snippets/cms/campaignbanner/add/",
        {"text": "Job fair on Saturday", "link_text": "", "link_url": "", "active": "on"},
    )

    assert Redirect.objects.get(old_path="/bus").redirect_link == "https://localhost/jobs/?utm_source=bus"
    assert CampaignBanner.objects.get().text == "Job fair on Saturday"
    assert "Job fair on Saturday" in client.get("/").content.decode()


def test_editors_change_images_in_their_campaign_collection_but_not_elsewhere(site):
    from wagtail.images import get_image_model
    from wagtail.models import Collection
    from wagtail.permissions import policy_registry

    editor = member("Marketing editors", "ed@council.example")
    bus = campaign_collection("Bus campaign")

    permission_policy = policy_registry.get_by_type(get_image_model())
    changeable = permission_policy.collections_user_has_permission_for(editor, "change")

    assert list(changeable) == [bus]
    assert Collection.get_first_root_node() not in changeable
