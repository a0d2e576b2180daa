"""Campaign links and posters (issue 29): the admin builds a short link with UTM parameters and a QR
code; following it is counted and the visit's attribution names the link."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory

from campaign.models import CampaignLink
from cms.attribution import COOKIE_NAME, read_cookie
from tests.factories import UserFactory, with_totp

ADD = "/admin/snippets/campaign/campaignlink/add/"


@pytest.fixture
def editor_client(client, site):
    user = UserFactory(email="ed@council.example", is_staff=False)
    user.groups.add(Group.objects.get(name="Marketing editors"))
    with_totp(user)
    client.force_login(user)
    return client


def build(client, **fields) -> CampaignLink | None:
    data = {
        "campaign": "Home care spring 2027",
        "channel": "bus",
        "page": "",
        "path": "",
        "slug": "",
        **fields,
    }
    client.post(ADD, data)
    return CampaignLink.objects.order_by("-pk").first()


def test_an_editor_builds_a_short_link_to_a_page_with_its_qr_code(editor_client, site):
    link = build(editor_client, page=site.landing.pk)

    assert link.slug == "home-care-spring-2027-bus"
    inspect = editor_client.get(f"/admin/snippets/campaign/campaignlink/inspect/{link.pk}/").content.decode()
    assert (
        "http://testserver/go/home-care-spring-2027-bus/" in inspect
        or "/go/home-care-spring-2027-bus/" in inspect
    )
    png = editor_client.get(f"/admin/snippets/campaign/campaignlink/qr/{link.pk}.png")
    svg = editor_client.get(f"/admin/snippets/campaign/campaignlink/qr/{link.pk}.svg")
    assert png.content.startswith(b"\x89PNG") and png["Content-Type"] == "image/png"
    assert b"<svg" in svg.content and svg["Content-Disposition"].endswith('qr-home-care-spring-2027-bus.svg"')


def test_following_a_link_counts_the_visit_and_the_attribution_names_the_link(editor_client, client, site):
    link = build(editor_client, path="/jobs/?role=care-worker", channel="radio", slug="radio-homecare")
    visitor = type(client)()

    response = visitor.get("/go/radio-homecare/")

    target = urlsplit(response["Location"])
    assert response.status_code == 302 and target.path == "/jobs/"
    assert parse_qs(target.query) == {
        "role": ["care-worker"], "utm_source": ["radio"], "utm_medium": ["campaign-link"],
        "utm_campaign": ["home-care-spring-2027"], "utm_content": ["radio-homecare"],
    }  # fmt: skip
    visitor.get(response["Location"])
    request = RequestFactory().get("/")
    request.COOKIES[COOKIE_NAME] = visitor.cookies[COOKIE_NAME].value
    assert read_cookie(request)["last"]["utm_content"] == "radio-homecare"
    link.refresh_from_db()
    assert link.visits == 1


def test_an_unknown_link_is_not_found(client, db):
    assert client.get("/go/no-such-link/").status_code == 404


def test_a_link_needs_one_destination_on_this_site(editor_client, site):
    build(editor_client)
    build(editor_client, path="https://elsewhere.example/")
    build(editor_client, page=site.landing.pk, path="/jobs/")

    assert not CampaignLink.objects.exists()


def test_staff_without_the_marketing_groups_cannot_see_links_or_their_qr_codes(client, site):
    link = CampaignLink.objects.create(campaign="Bus", channel="bus", slug="bus", path="/jobs/")
    someone = UserFactory(email="someone@council.example", is_staff=False)
    someone.user_permissions.add(Permission.objects.get(codename="access_admin"))
    with_totp(someone)
    client.force_login(someone)

    assert client.get(f"/admin/snippets/campaign/campaignlink/qr/{link.pk}.png").status_code in (302, 403)
    assert client.get("/admin/snippets/campaign/campaignlink/").status_code in (302, 403)
