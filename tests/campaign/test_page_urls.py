"""Page URLs (BasePage.get_url_parts) are Wagtail's own, built without a reverse() per page."""

from __future__ import annotations

import re

import pytest

from django.test import RequestFactory
from django.urls import set_script_prefix

from wagtail.models import Page

from campaign.models import ContentPage
from tests.fixtures.campaign_site import child_page


def wagtails(page, request=None):
    return Page.get_url_parts(page, request)


def test_every_page_has_the_url_wagtail_gives_it(site):
    pages = list(Page.objects.live().filter(depth__gt=1).specific())
    assert len(pages) > 15

    for page in pages:
        assert page.get_url_parts() == wagtails(page), page.url_path
        assert page.url and page.full_url


def test_urls_keep_the_script_prefix_the_site_is_mounted_under(site):
    try:
        set_script_prefix("/care/")
        assert site.story.get_url_parts() == wagtails(site.story)
        assert site.story.url.startswith("/care/")
    finally:
        set_script_prefix("/")
    assert site.story.url.startswith("/") and not site.story.url.startswith("/care/")


def test_a_page_with_a_non_ascii_slug_is_left_to_wagtail(site):
    page = child_page(site.home, ContentPage, "gofal-cymraeg-ŵ", title="Gofal")

    assert page.get_url_parts() == wagtails(page)
    assert "%C5%B5" in page.url  # reverse() quotes it, as Wagtail's URL does


@pytest.mark.parametrize("append_slash", [True, False])
def test_urls_follow_wagtails_trailing_slash_setting(site, settings, append_slash):
    settings.WAGTAIL_APPEND_SLASH = append_slash

    assert site.story.get_url_parts() == wagtails(site.story)
    assert site.story.get_url_parts(RequestFactory().get("/")) == wagtails(
        site.story, RequestFactory().get("/")
    )


def test_renaming_the_sites_home_page_keeps_every_link_working(client, site):
    """The chrome keeps Wagtail's site root paths (the home page's tree path): renaming the home
    page must not leave pages linking with the old one (they would have no URL at all)."""
    client.get(site.stories.url)  # chrome cached with the old root path
    home = site.home
    home.slug = "work-in-care-renamed"
    home.save_revision().publish()

    html = client.get("/stories/").content.decode()

    assert f'href="/stories/{site.story.slug}/"' in html
    assert re.search(r'<link rel="canonical" href="http://[^/"]+/stories/">', html), re.findall(
        "canonical[^>]*", html
    )
