"""The canonical link and share tags a page gives search engines and sharing sites (Open Graph,
Twitter): the page's own share image, a listing image, the site's default or none, a missing image
file, SEO titles and descriptions, a job page's own canonical URL and titles, and editors' text
with quotes and angle brackets kept as text."""

import pytest

from django.template import engines
from django.test import RequestFactory

from wagtail.models import Page

from cms.chrome import cached_settings
from cms.models import SiteSettings
from tests.fixtures.campaign_site import make_image
from tests.page_html import parse


@pytest.fixture
def request_(site):
    return RequestFactory().get("/stories/amira/", HTTP_HOST="localhost")


def share_tags(request, **context) -> dict[str, str]:
    """{property or name: content} of the meta tags and the canonical link, as a page includes them."""
    html = (
        engines["django"]
        .from_string('{% include "components/seo_meta.html" %}')
        .render({"request": request, "settings": cached_settings(request), **context}, request)
    )
    document = parse(html)
    tags = {
        meta.get("property") or meta.get("name"): meta.get("content") for meta in document.find_all("meta")
    }
    canonical = document.find("link", rel="canonical")
    if canonical is not None:
        tags["canonical"] = canonical.get("href")
    return tags


def test_a_page_shares_its_own_seo_title_description_and_image(site, request_):
    site.story.seo_title = 'Amira\'s "story" & <more>'
    site.story.search_description = "Care & <kindness>"
    site.story.share_image = make_image(title="Share", alt='Amira & "friends"')

    tags = share_tags(request_, page=site.story)

    assert tags["og:title"] == tags["twitter:title"] == 'Amira\'s "story" & <more>'
    assert tags["og:description"] == tags["twitter:description"] == "Care & <kindness>"
    assert tags["og:image:alt"] == 'Amira & "friends"'
    assert tags["og:image"].startswith("http://localhost/") and tags["og:image"] == tags["twitter:image"]
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["canonical"] == tags["og:url"] == site.story.full_url


def test_a_page_without_its_own_share_image_shares_its_listing_image(site, request_):
    tags = share_tags(request_, page=site.role)  # the role profile's photo

    assert tags["og:title"] == "Care worker"
    assert tags["og:image:alt"] == site.image.alt
    assert tags["twitter:card"] == "summary_large_image"


def test_pages_fall_back_on_the_sites_default_image_and_tagline_or_a_plain_card(site, request_):
    settings = SiteSettings.for_site(site.home.get_site())
    settings.tagline = "Jobs & <care>"
    settings.brand_name = 'Care "North" & East'
    settings.default_share_image = make_image(title="Default", alt="The default")
    settings.save()

    tags = share_tags(request_, page=site.faq)
    assert tags["og:site_name"] == 'Care "North" & East'
    assert tags["og:description"] == "Jobs & <care>"
    assert tags["og:image:alt"] == "The default"

    settings.default_share_image = None
    settings.save()
    tags = share_tags(request_, page=site.faq)
    assert tags["twitter:card"] == "summary" and "og:image" not in tags

    root = share_tags(request_, page=Page.objects.get(depth=1))  # the tree's root: no URL, no image
    assert "canonical" not in root and "og:url" not in root


def test_a_share_image_whose_file_is_missing_still_gives_the_tags(site, request_):
    site.faq.share_image = gone = make_image(title="Gone")
    gone.file.storage.delete(gone.file.name)  # no renditions and no file: a "not-found" image

    tags = share_tags(request_, page=site.faq)

    assert "not-found" in tags["og:image"]


def test_a_page_can_give_its_own_canonical_url_and_titles(site, request_):
    tags = share_tags(
        request_,
        page=site.home,
        canonical_url="https://example.org/jobs/carer/?a=1&b=2",
        og_title='Carer "nights" & <days>',
        og_description="",
    )

    assert tags["canonical"] == tags["og:url"] == "https://example.org/jobs/carer/?a=1&b=2"
    assert tags["og:title"] == 'Carer "nights" & <days>'
    tagline = SiteSettings.for_site(site.home.get_site()).tagline
    assert tags["og:description"] == (site.home.search_description or tagline)  # an empty one falls back
