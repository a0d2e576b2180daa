"""Short campaign URLs keep their UTM tags; sitemap, robots and structured data are right."""

import json
import re

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from cms.redirects import merge_query


def test_short_campaign_url_keeps_the_query_string(client, site):
    Redirect.objects.create(old_path="/homecare", redirect_page=site.landing, is_permanent=False)

    response = client.get("/homecare?utm_source=bus&utm_campaign=spring")

    assert response.status_code == 302
    assert response["Location"].endswith("/home-care/?utm_source=bus&utm_campaign=spring")


def test_redirect_link_parameters_win_over_visitor_parameters():
    assert merge_query("/x/?utm_source=tv", "utm_source=bus&utm_medium=print") == (
        "/x/?utm_source=tv&utm_medium=print"
    )


def test_sitemap_lists_live_pages_but_not_past_events(client, site):
    from tests.fixtures.campaign_site import at, publish

    past = site.events.add_child(
        instance=type(site.event)(
            title="Old fair", slug="old-fair", summary="x", start=at(-9), end=at(-9, 12)
        )
    )
    publish(past)

    xml = client.get("/sitemap.xml").content.decode()

    assert "/roles/care-worker/" in xml and "/events/jobs-fair/" in xml
    assert "/events/old-fair/" not in xml


def test_robots_txt_points_to_the_sitemap_and_hides_the_admin(client, site):
    text = client.get("/robots.txt").content.decode()

    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def _json_ld(html: str) -> list[dict]:
    return [
        json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def test_home_page_has_organization_structured_data_canonical_and_share_tags(client, site):
    Site.objects.filter(is_default_site=True).update(hostname="testserver")
    site.home.share_image = site.image
    site.home.save_revision().publish()

    html = client.get("/").content.decode()

    assert {"Organization"} <= {d["@type"] for d in _json_ld(html)}
    assert '<link rel="canonical" href="http://testserver/">' in html
    assert '<meta property="og:image" content="http://testserver/' in html
    assert 'name="twitter:card" content="summary_large_image"' in html


def test_event_page_has_event_and_breadcrumb_structured_data(client, site):
    data = {d["@type"]: d for d in _json_ld(client.get(site.event.url).content.decode())}

    assert data["Event"]["name"] == "Newcastle jobs fair"
    assert data["Event"]["location"]["address"]["postalCode"] == "NE1 8QH"
    crumbs = [item["name"] for item in data["BreadcrumbList"]["itemListElement"]]
    assert crumbs == ["Home", "Events", "Newcastle jobs fair"]


def test_structured_data_cannot_break_out_of_its_script_tag(client, site):
    site.event.summary = "</script><script>alert(1)</script>"
    site.event.save_revision().publish()

    html = client.get(site.event.url).content.decode()

    assert "<script>alert(1)" not in html


def test_seo_title_and_description_are_used(client, site):
    site.role.seo_title = "Care worker jobs in the North East"
    site.role.search_description = "What a care worker does and earns."
    site.role.save_revision().publish()

    html = client.get(site.role.url).content.decode()

    assert "<title>Care worker jobs in the North East | " in html
    assert '<meta name="description" content="What a care worker does and earns.">' in html
