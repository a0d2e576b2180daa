"""The canonical link and share tags (`{% seo_meta %}`) are what components/seo_meta.html wrote as a
template, byte for byte: own, listing, default and no share image, a missing image file, SEO titles
and descriptions or none, a job page's own canonical URL and titles, text that needs escaping."""

import pytest

from django.template import engines
from django.test import RequestFactory

from wagtail.models import Page, Site

from cms.chrome import cached_settings
from cms.models import SiteSettings
from tests.fixtures.campaign_site import make_image

# components/seo_meta.html before it was written in Python (dfea015).
SEO_META = """{% load wagtailcore_tags wagtailimages_tags %}{% firstof canonical_url page.full_url as canonical %}
  {% if canonical %}<link rel="canonical" href="{{ canonical }}">{% endif %}
  <meta property="og:type" content="website">
  <meta property="og:site_name" content="{{ settings.cms.SiteSettings.brand_name }}">
  <meta property="og:title" content="{% firstof og_title page.seo_title page.title %}">
  <meta property="og:description" content="{% firstof og_description page.search_description settings.cms.SiteSettings.tagline %}">
  {% if canonical %}<meta property="og:url" content="{{ canonical }}">{% endif %}
  {% with share=page.share_image_for_meta|default:settings.cms.SiteSettings.default_share_image %}{% if share %}{% image share fill-1200x630 format-jpeg as og %}{# the size cms.chrome.SHARE_IMAGE_SPEC makes ahead #}
  <meta property="og:image" content="{{ request.scheme }}://{{ request.get_host }}{{ og.url }}">
  <meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">
  <meta property="og:image:alt" content="{{ share.alt }}">
  <meta name="twitter:card" content="summary_large_image">
  <meta name="twitter:image" content="{{ request.scheme }}://{{ request.get_host }}{{ og.url }}">{% else %}
  <meta name="twitter:card" content="summary">{% endif %}{% endwith %}
  <meta name="twitter:title" content="{% firstof og_title page.seo_title page.title %}">
  <meta name="twitter:description" content="{% firstof og_description page.search_description settings.cms.SiteSettings.tagline %}">
"""


def _both(context: dict, request) -> tuple[str, str]:
    engine = engines["django"]
    old_context = dict(context)
    if "settings" in context:  # the template read the SiteSettings model; the chrome keeps its values
        old_context["settings"] = {
            "cms": {"SiteSettings": SiteSettings.for_site(Site.find_for_request(request))}
        }
    before = engine.from_string(SEO_META).render(old_context, request)
    # As base.html writes it, and as a page that includes the component (the job page) gets it.
    now = engine.from_string('{% include "components/seo_meta.html" %}').render(dict(context), request)
    return before, now


@pytest.fixture
def request_(site):
    return RequestFactory().get("/stories/amira/", HTTP_HOST="localhost")


def _with_settings(request, **context) -> dict:
    return {"request": request, "settings": cached_settings(request), **context}


def test_share_tags_of_pages_with_and_without_their_own_image(site, request_):
    site.story.seo_title = 'Amira\'s "story" & <more>'
    site.story.search_description = "Care & <kindness>"
    site.story.share_image = make_image(title="Share", alt='Amira & "friends"')
    pages = [site.story, site.role, site.faq, site.home, Page.objects.get(depth=1)]  # the root: no image
    for page in pages:
        before, now = _both(_with_settings(request_, page=page), request_)
        assert now == before
    assert (
        'content="Amira&#x27;s &quot;story&quot; &amp; &lt;more&gt;"'
        in _both(_with_settings(request_, page=site.story), request_)[1]
    )


def test_share_tags_with_the_sites_default_image_none_or_a_missing_file(site, request_):
    settings = SiteSettings.for_site(site.home.get_site())
    settings.tagline = "Jobs & <care>"
    settings.brand_name = 'Care "North" & East'
    settings.default_share_image = make_image(title="Default")
    settings.save()
    before, now = _both(_with_settings(request_, page=site.faq), request_)
    assert now == before and "summary_large_image" in now and "Jobs &amp; &lt;care&gt;" in now

    site.faq.share_image = gone = make_image(title="Gone")
    gone.file.storage.delete(gone.file.name)  # no renditions and no file: a "not-found" image
    before, now = _both(_with_settings(request_, page=site.faq), request_)
    assert now == before and "not-found" in now
    site.faq.share_image = None

    settings.default_share_image = None
    settings.save()
    before, now = _both(_with_settings(request_, page=site.faq), request_)
    assert now == before and 'content="summary"' in now
    # Without load_site_settings: Wagtail's settings context processor.
    before, now = _both({"request": request_, "page": site.faq}, request_)
    assert now == before


def test_a_pages_own_canonical_url_and_titles(site, request_):
    context = _with_settings(
        request_,
        page=site.home,
        canonical_url="https://example.org/jobs/carer/?a=1&b=2",
        og_title='Carer "nights" & <days>',
        og_description="",
    )
    before, now = _both(context, request_)
    assert now == before and 'href="https://example.org/jobs/carer/?a=1&amp;b=2"' in now
