"""Anonymous pages are cached server-side, answered without the database, and purged on publish."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import CampaignBanner


def test_second_anonymous_request_is_served_from_cache_without_queries(client, site):
    first = client.get(site.role.url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(site.role.url)

    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert len(queries) == 0
    assert "public" in second["Cache-Control"] and "max-age=60" in second["Cache-Control"]


def test_publishing_a_page_purges_the_cache(client, site):
    client.get(site.role.url)
    site.role.summary = "Brand new summary"
    site.role.save_revision().publish()

    response = client.get(site.role.url)

    assert response["X-Page-Cache"] == "miss"
    assert "Brand new summary" in response.content.decode()


def test_new_campaign_banner_shows_straight_away(client, site):
    client.get("/")
    CampaignBanner.objects.create(text="Job fair this Saturday")

    assert "Job fair this Saturday" in client.get("/").content.decode()


def test_utm_tags_share_the_cached_page_and_attribution_is_still_recorded(client, site):
    client.get(site.landing.url)

    response = client.get(site.landing.url + "?utm_source=bus")

    assert response["X-Page-Cache"] == "hit"
    assert "ccne_attr" in response.cookies


def test_signed_in_users_and_pages_with_forms_are_not_cached(client, site, regional_admin):
    client.get(site.event.url + "register/")
    assert "X-Page-Cache" not in client.get(site.event.url + "register/")
    assert "X-Page-Cache" not in client.get(site.contact.url)

    client.force_login(regional_admin)
    assert "X-Page-Cache" not in client.get(site.role.url)


def test_cookie_choice_gets_its_own_cached_copy(client, site):
    client.get("/")
    client.cookies["cookie_consent"] = "rejected"

    html = client.get("/").content.decode()

    assert "Cookies on this site" not in html
