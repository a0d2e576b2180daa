"""No editor can save a link that runs script: every link field and link block of the campaign site
refuses javascript:, data: and vbscript: (and any scheme but http(s), mailto and tel) with a clear
message, and still takes paths, fragments and web, email and phone addresses."""

import pytest

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from campaign.blocks import CallToActionBlock, HeroBlock, ImageTextBlock, LinkBlock, VideoBlock
from campaign.models import CampaignLandingPage, EventPage
from cms.chrome import CampaignBanner, NavLinkBlock, SocialLinkBlock
from cms.validators import LINK_MESSAGE
from tests.factories import UserFactory, with_totp

pytestmark = pytest.mark.django_db

UNSAFE = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    " java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
]
SAFE = [
    "/jobs/?q=nurse",
    "#register-interest",
    "https://example.org/care",
    "mailto:jobs@example.org",
    "tel:01914980000",
]


def link_error(block, value, *path: str) -> list[str]:
    """The messages on the `url` child of the link at `path` inside the block."""
    with pytest.raises(ValidationError) as raised:
        block.clean(block.to_python(value))
    error = raised.value
    for name in (*path, "url"):
        error = error.block_errors[name]
    return error.messages


@pytest.mark.parametrize("url", UNSAFE)
@pytest.mark.parametrize(
    ("block", "value", "path"),
    [
        (LinkBlock(), lambda url: {"text": "Go", "url": url}, ()),
        (NavLinkBlock(), lambda url: {"text": "Go", "url": url}, ()),
        (HeroBlock(), lambda url: {"heading": "Care", "cta": {"text": "Go", "url": url}}, ("cta",)),
        (CallToActionBlock(), lambda url: {"heading": "New?", "link": {"text": "Go", "url": url}}, ("link",)),
    ],
    ids=["link", "nav-link", "hero-cta", "call-to-action"],
)
def test_link_blocks_refuse_links_that_run_script(block, value, path, url):
    assert link_error(block, value(url), *path) == [LINK_MESSAGE]


def test_image_text_block_refuses_a_javascript_link(site):
    value = {
        "image": site.image.pk,
        "heading": "Care",
        "text": "<p>Hi</p>",
        "link": {"text": "Go", "url": UNSAFE[0]},
    }
    assert link_error(ImageTextBlock(), value, "link") == [LINK_MESSAGE]


@pytest.mark.parametrize("url", SAFE)
def test_link_blocks_take_paths_fragments_and_web_email_and_phone_addresses(url):
    assert LinkBlock().clean(LinkBlock().to_python({"text": "Go", "url": url}))["url"] == url
    assert NavLinkBlock().clean(NavLinkBlock().to_python({"text": "Go", "url": url}))["url"] == url


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,hi", "vbscript:msgbox(1)"])
@pytest.mark.parametrize(
    ("block", "value"),
    [
        (SocialLinkBlock(), lambda url: {"network": "facebook", "url": url}),
        (VideoBlock(), lambda url: {"url": url, "title": "A day in care"}),
    ],
    ids=["social-link", "video"],
)
def test_web_address_blocks_refuse_other_schemes(block, value, url):
    with pytest.raises(ValidationError):
        block.clean(block.to_python(value(url)))


def field_errors(instance, field: str) -> list[str]:
    with pytest.raises(ValidationError) as raised:
        instance.full_clean()
    return raised.value.message_dict.get(field, [])


@pytest.mark.parametrize("url", UNSAFE)
def test_link_fields_refuse_links_that_run_script(site, url):
    site.home.hero_cta_url = url
    site.landing.hero_cta_url = url
    site.academy.register_url = url
    banner = CampaignBanner(text="Jobs fair on Saturday", link_text="Find out more", link_url=url)

    assert field_errors(site.home, "hero_cta_url") == [LINK_MESSAGE]
    assert field_errors(site.landing, "hero_cta_url") == [LINK_MESSAGE]
    assert field_errors(site.academy, "register_url") == [LINK_MESSAGE]
    assert field_errors(banner, "link_url") == [LINK_MESSAGE]


def test_event_online_link_must_be_a_web_address(site):
    event = EventPage.objects.first()
    event.online_url = "javascript:alert(1)"

    assert field_errors(event, "online_url")


@pytest.mark.parametrize("url", SAFE)
def test_link_fields_take_safe_links(site, url):
    site.academy.register_url = url
    site.academy.full_clean()
    CampaignBanner(text="Jobs fair", link_url=url).full_clean()


def edit_form(page: CampaignLandingPage, **changes) -> dict:
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "seo_title": "",
            "search_description": "",
            "hero_heading": page.hero_heading,
            "hero_text": page.hero_text,
            "hero_image": page.hero_image_id or "",
            "hero_cta_text": "Find a care job",
            "hero_cta_url": "/jobs/",
            "body": streamfield([]),
            "comments": inline_formset([]),
            **changes,
        }
    )


def test_the_lowest_cms_role_cannot_save_a_javascript_link_through_the_admin(client, site):
    editor = UserFactory(email="ed@council.example", is_staff=False)
    editor.groups.add(Group.objects.get(name="Marketing editors"))
    with_totp(editor)
    client.force_login(editor)
    url = f"/admin/pages/{site.landing.pk}/edit/"
    revisions = site.landing.revisions.count()

    saved = client.post(url, edit_form(site.landing, hero_cta_url="/jobs/?q=nurse"))
    assert saved.status_code == 302  # the editor can save a draft: the form is complete
    assert site.landing.revisions.count() == revisions + 1

    cta = {"heading": "New to care?", "text": "", "link": {"text": "Start", "page": "", "url": UNSAFE[0]}}
    refused = client.post(
        url,
        edit_form(site.landing, hero_cta_url=UNSAFE[0], body=streamfield([("call_to_action", cta)])),
    )

    page = refused.content.decode()
    assert refused.status_code == 200
    assert "The page could not be saved due to validation errors" in page
    assert LINK_MESSAGE.split(".")[0] in page
    assert site.landing.revisions.count() == revisions + 1  # nothing saved
    latest = CampaignLandingPage.objects.get(pk=site.landing.pk).get_latest_revision_as_object()
    assert latest.hero_cta_url == "/jobs/?q=nurse"
