"""Cache round trips per anonymous request, counted on the cache backend (Redis in production, where
each call is a network round trip). A cached page is one round trip; site chrome (settings,
navigation, banner, restricted pages) is one per request however many tags and queries ask for it.
A change that adds round trips fails here rather than slowing every page under load."""

import pytest

from django.core.cache import caches

from cms.page_cache import purge_page_cache

CACHE_CALLS = (
    "get",
    "get_many",
    "set",
    "set_many",
    "add",
    "incr",
    "decr",
    "delete",
    "delete_many",
    "has_key",
)


@pytest.fixture
def round_trips(monkeypatch) -> list[tuple[str, object]]:
    """(method, key or keys) for every call made on the cache (calls made inside another, as the
    local-memory backend's get_many does with get, count once: Redis answers them in one)."""
    backend = caches["default"]
    calls: list[tuple[str, object]] = []
    depth = 0

    def counting(name, original):
        def call(*args, **kwargs):
            nonlocal depth
            if depth == 0:
                calls.append((name, args[0] if args else None))
            depth += 1
            try:
                return original(*args, **kwargs)
            finally:
                depth -= 1

        return call

    for name in CACHE_CALLS:
        monkeypatch.setattr(backend, name, counting(name, getattr(backend, name)))
    return calls


def chrome_calls(calls) -> list:
    def keys(key):
        return key if isinstance(key, list | tuple) else [key]

    return [call for call in calls if any(str(key).startswith("chrome:") for key in keys(call[1]))]


@pytest.mark.parametrize("attr", ["home", "landing", "role", "story", "event"])
def test_a_cached_anonymous_page_costs_one_cache_round_trip(client, site, round_trips, attr):
    url = "/" if attr == "home" else getattr(site, attr).url
    client.get(url)
    round_trips.clear()

    response = client.get(url)

    assert response["X-Page-Cache"] == "hit"
    assert len(round_trips) == 1, round_trips


@pytest.mark.parametrize("url", ["/", "/jobs/", "/jobs/?q=care&radius=10"])
def test_site_chrome_is_read_from_the_cache_once_per_request(client, site, round_trips, url):
    client.get(url)  # chrome cached
    purge_page_cache()  # the page itself is rendered again
    round_trips.clear()

    response = client.get(url)

    assert response.status_code == 200
    assert len(chrome_calls(round_trips)) == 1, chrome_calls(round_trips)


def test_changing_the_banner_still_shows_on_the_next_request(client, site, round_trips):
    from cms.models import CampaignBanner

    client.get("/jobs/")
    CampaignBanner.objects.create(text="Job fair this Saturday")

    assert "Job fair this Saturday" in client.get("/jobs/").content.decode()


def test_links_to_more_stories_on_a_listing_add_no_cache_round_trips(client, site, round_trips):
    def round_trips_to_render(url) -> int:
        client.get(url)
        purge_page_cache()
        round_trips.clear()
        assert client.get(url).status_code == 200
        return len(round_trips)

    with_one_story = round_trips_to_render(site.stories.url)
    for n in range(3):
        site.story.copy(update_attrs={"title": f"Story {n}", "slug": f"story-{n}", "photo": None})

    assert round_trips_to_render(site.stories.url) == with_one_story


def own_calls(calls) -> list[tuple[str, object]]:
    """The calls an uncached page makes beyond the page cache's own lookup and store."""

    def keys(key):
        return key if isinstance(key, list | tuple) else [key]

    return [call for call in calls if not any(str(key).startswith("pagecache:") for key in keys(call[1]))]


@pytest.mark.parametrize(
    "attr", ["home", "landing", "stories", "story", "events", "event", "content", "news"]
)
def test_an_uncached_page_reads_the_chrome_once_and_otherwise_only_wagtails_own_keys(
    client, site, round_trips, attr
):
    """Rendering a page costs the page cache's lookup and store, one chrome read, and what Wagtail
    itself keeps in the cache (its site root paths, its renditions): nothing else of ours."""
    from cms.models import SiteSettings

    settings = SiteSettings.for_site(site.home.get_site())
    settings.default_share_image = site.image
    settings.save()
    url = "/" if attr == "home" else getattr(site, attr).url
    client.get(url)
    purge_page_cache()
    round_trips.clear()

    response = client.get(url)

    assert response.status_code == 200
    assert 'property="og:image"' in response.content.decode()
    chrome = chrome_calls(round_trips)
    wagtails = [
        call
        for call in own_calls(round_trips)
        if call not in chrome
        and all(
            str(key).startswith(("wagtail_site_root_paths", "wagtail-rendition-"))
            for key in (call[1] if isinstance(call[1], list | tuple) else [call[1]])
        )
    ]
    assert len(chrome) == 1, chrome
    assert len(own_calls(round_trips)) == len(chrome) + len(wagtails), round_trips
