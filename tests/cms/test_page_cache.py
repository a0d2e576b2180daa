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


def test_a_returning_visitors_cached_page_sets_no_cookie_and_keeps_the_security_headers(client, site):
    client.get(site.role.url)  # first visit: the page is stored and the campaign cookie set
    assert "ccne_attr" in client.cookies

    response = client.get(site.role.url)

    assert response["X-Page-Cache"] == "hit"
    assert not response.cookies  # nothing changed for this visitor: no Set-Cookie at all
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Request-ID"]
    assert "Cookie" in response["Vary"]


def test_a_visitor_arriving_from_a_campaign_on_a_cached_page_has_it_stored_with_what_they_send(
    client, site, eager_celery, django_capture_on_commit_callbacks
):
    from django.test import Client

    from campaign.models import EventRegistration

    Client().get(site.home.url)  # someone else's visit stored the page
    client.get(site.event.url)  # this visitor came direct first

    landing = client.get(site.home.url + "?utm_source=bus&utm_campaign=homecare")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            site.event.url + "register/", {"name": "Jo Bloggs", "email": "jo@example.org", "phone": ""}
        )

    assert landing["X-Page-Cache"] == "hit" and "ccne_attr" in landing.cookies
    attribution = EventRegistration.objects.get().attribution
    assert attribution["first"]["landing_page"] == site.event.url
    assert attribution["last"]["utm_source"] == "bus" and attribution["last"]["utm_campaign"] == "homecare"


def test_the_header_says_sign_in_or_your_account_and_the_cache_never_mixes_them(client, site, jobseeker):
    from django.test import Client

    first = client.get(site.role.url).content.decode()  # cached for everyone signed out
    assert 'href="/accounts/login/">Sign in</a>' in first and "Your account" not in first

    signed_in = Client()
    signed_in.force_login(jobseeker)
    theirs = signed_in.get(site.role.url)
    assert theirs["X-Page-Cache"] == "miss" if theirs.has_header("X-Page-Cache") else True
    assert 'href="/me/">Your account</a>' in theirs.content.decode()
    assert "Sign in</a>" not in theirs.content.decode()

    again = client.get(site.role.url)  # another signed-out visitor, from the cache
    assert again["X-Page-Cache"] == "hit"
    assert "Your account" not in again.content.decode() and "Sign in</a>" in again.content.decode()
