"""Each web process keeps the pages it has just read from the shared cache for a couple of seconds
(PAGE_CACHE_LOCAL_SECONDS, cms/page_cache.py), so a page asked for many times a second costs no
round trip. Off in the other tests; on here, as production has it."""

from datetime import timedelta

import pytest
import time_machine

from django.core.cache import caches
from django.utils import timezone

from cms.page_cache import GENERATION_KEY, purge_page_cache

from .test_cache_round_trips import round_trips  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def copies_on(settings):
    settings.PAGE_CACHE_LOCAL_SECONDS = 2
    caches["page-copies"].clear()
    purge_page_cache()
    yield
    caches["page-copies"].clear()


def test_a_page_asked_for_again_within_seconds_is_answered_without_a_round_trip(client, site, round_trips):  # noqa: F811
    client.get(site.landing.url)  # stored in the shared cache
    client.get(site.landing.url)  # read from it, and kept by this process
    round_trips.clear()

    response = client.get(site.landing.url)

    assert response["X-Page-Cache"] == "hit"
    assert round_trips == []
    assert site.landing.title in response.content.decode()


def test_publishing_here_shows_the_new_page_at_once(client, site):
    client.get(site.landing.url)
    client.get(site.landing.url)

    site.landing.title = "Care jobs near you this winter"
    site.landing.save_revision().publish()
    response = client.get(site.landing.url)

    assert response["X-Page-Cache"] == "miss"
    assert "Care jobs near you this winter" in response.content.decode()


def test_a_publish_in_another_process_is_seen_within_the_seconds(client, site):
    now = timezone.now()
    with time_machine.travel(now, tick=False) as clock:
        client.get(site.landing.url)
        client.get(site.landing.url)
        caches["default"].incr(GENERATION_KEY)  # what another web process's publish does

        assert client.get(site.landing.url)["X-Page-Cache"] == "hit"  # this process's copy
        clock.move_to(now + timedelta(seconds=3))
        assert client.get(site.landing.url)["X-Page-Cache"] == "miss"


def test_a_campaign_cookie_written_for_one_visitor_is_not_handed_to_the_next(client, site):
    client.get(site.landing.url)
    client.get(site.landing.url)  # now this process's copy
    client.cookies.clear()

    first_visit = client.get(site.landing.url)
    assert "ccne_attr" in first_visit.cookies  # a new visitor gets their own campaign cookie
    returning = client.get(site.landing.url)

    assert returning["X-Page-Cache"] == "hit"
    assert "ccne_attr" not in returning.cookies  # ... written once, not again from the copy
