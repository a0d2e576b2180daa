"""Speed budget (issue 3): any campaign page rendered uncached in at most 12 queries on the full demo
content, no write on a GET, and a cached anonymous page answered without touching the database."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaign.demo import block
from campaign.models import CampaignLandingPage
from cms.page_cache import purge_page_cache
from tests.fixtures.campaign_site import DEMO_PAGE_TYPES, make_image

MAX_QUERIES = 12
WRITES = ("INSERT", "UPDATE", "DELETE")
CACHE_EXEMPT = {"contact", "academy"}  # they hold a CSRF-protected form


def uncached_queries(client, url) -> list[str]:
    client.get(url)  # chrome and settings cache warm, as after any first visitor
    purge_page_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("page_type", DEMO_PAGE_TYPES)
def test_every_demo_page_renders_uncached_within_the_query_budget_without_writing(
    client, db, demo_site, page_type
):
    urls = demo_site.urls[page_type]
    assert urls, f"seed_demo made no {page_type} page"
    for url in urls:
        sql = uncached_queries(client, url)

        assert len(sql) <= MAX_QUERIES, f"{url}: {len(sql)} queries\n" + "\n".join(s[:200] for s in sql)
        assert not [s for s in sql if s.lstrip().upper().startswith(WRITES)], f"{url} wrote to the database"


@pytest.mark.parametrize("page_type", sorted(set(DEMO_PAGE_TYPES) - CACHE_EXEMPT))
def test_a_cached_demo_page_is_answered_without_touching_the_database(client, db, demo_site, page_type):
    url = demo_site.urls[page_type][0]
    client.get(url)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"
    assert queries.captured_queries == []


def _image_blocks(images, copies: int) -> list:
    """`copies` blocks of every kind that shows an image, each with its own image."""
    found = iter(images)
    blocks = []
    for _ in range(copies):
        blocks += [
            block(
                "hero",
                {
                    "heading": "More",
                    "text": "",
                    "image": next(found).pk,
                    "cta": {"text": "", "page": None, "url": ""},
                },
            ),
            block("image", {"image": next(found).pk, "decorative": False, "alt_text": "A carer"}),
            block("image_text", {"image": next(found).pk, "heading": "Why care", "text": "<p>Because.</p>"}),
            block(
                "video",
                {"url": "https://www.youtube.com/watch?v=x", "title": "A day", "thumbnail": next(found).pk},
            ),
            block("quote", {"quote": "I love it.", "name": "Sam", "role": "", "image": next(found).pk}),
        ]
    return blocks


def test_more_images_in_image_blocks_add_no_queries(client, db, demo_site):
    """A block type's images come in one query with their renditions: not a query per image."""
    landing = CampaignLandingPage.objects.get(slug="home-care")
    images = [make_image(title=f"Extra {n}", size=(320, 240)) for n in range(15)]
    kept = landing.body.raw_data

    counts = []
    for copies in (1, 3):
        landing.body = [*kept, *_image_blocks(images, copies)]
        landing.save_revision().publish()
        html = client.get(landing.url).content.decode()  # makes the new renditions once
        assert html.count("Why care") == copies and html.count("I love it.") == copies
        counts.append(len(uncached_queries(client, landing.url)))

    assert counts[0] == counts[1]


def test_reading_a_pages_role_and_area_filters_does_not_query_their_choice_lists(client, db, demo_site):
    landing = CampaignLandingPage.objects.get(slug="home-care")  # featured jobs for a role, events

    sql = uncached_queries(client, landing.url)

    assert [q for q in sql if 'FROM "ats_role"' in q] == []


def test_the_event_index_reads_no_images_or_bodies_its_cards_do_not_show(client, db, demo_site):
    url = demo_site.urls["events"][0]
    sql = uncached_queries(client, url)
    page = client.get(url).content.decode()

    assert 'class="card card--event"' in page and "<img" not in page.split("<main", 1)[-1]
    listing = [s for s in sql if 'FROM "campaign_eventpage"' in s]
    assert len(listing) == 2  # coming up, past
    assert not [s for s in listing if "customimage" in s], "\n".join(listing)
    assert not [s for s in listing if '"campaign_eventpage"."body"' in s]  # nor each event's page body
    assert not [s for s in sql if "customrendition" in s]
