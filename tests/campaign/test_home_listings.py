"""The home and landing pages' listings as a visitor sees them: each story with its own photo, and
the same number of queries however many stories, photos or listing blocks a page shows."""

import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaign.demo import block
from campaign.models import StoryPage
from cms.page_cache import purge_page_cache
from tests.fixtures.campaign_site import child_page, make_image, publish

STORY_PHOTO = "fill-480x360|format-webp"
CARD = re.compile(r'<li class="card card--story">(.*?)</li>', re.S)


def add_stories(site, count: int, prefix: str = "Person") -> list[StoryPage]:
    return [
        child_page(
            site.stories,
            StoryPage,
            f"{prefix.lower()}-{n}",
            title=f"{prefix} {n}'s story",
            person_name=f"{prefix} {n}",
            quote=f"{prefix} {n} loves the job.",
            photo=make_image(title=f"{prefix} {n}", alt=f"{prefix} {n} at work"),
            body="<p>Started last year.</p>",
        )
        for n in range(count)
    ]


def stories_block(heading="Stories", chosen=(), count=8) -> dict:
    return block("stories", {"heading": heading, "stories": [page.pk for page in chosen], "count": count})


def show_on_home(site, *blocks) -> None:
    site.home.body = [block("job_search", {"heading": "Find a care job near you"}), *blocks]
    publish(site.home)


def uncached(client, url) -> tuple[str, list[str]]:
    client.get(url)  # renditions made, chrome cached, as after any first visitor
    purge_page_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def cards(html: str) -> dict[str, str]:
    """{person's name: the card's markup}"""
    return {
        re.search(r'">([^<]+)<span class="visually-hidden">', card)[1]: card for card in CARD.findall(html)
    }


def test_each_story_on_the_home_page_shows_its_own_photo(client, site):
    stories = add_stories(site, 3)
    site.home.hero_image = stories[1].photo  # the same image as the page's hero and a card's photo
    show_on_home(site, stories_block(count=4), stories_block("Chosen", chosen=[stories[2], site.story]))

    html, _ = uncached(client, site.home.url)

    shown = cards(html)
    assert html.count('class="card card--story"') == 6  # four newest, then the two chosen
    for story in [*stories, site.story]:
        card = shown[story.person_name]
        assert f'src="{story.photo.get_rendition(STORY_PHOTO).url}"' in card
        assert f'alt="{story.photo.alt}"' in card
        assert story.quote.replace("'", "&#x27;") in card
    assert html.index("Person 2") < html.index("Chosen") < html.rindex("Person 2") < html.rindex("Amira")


def test_story_photos_renditions_come_with_the_pages_own_in_one_query(client, site):
    add_stories(site, 1)
    show_on_home(site, stories_block(count=8))
    _, one = uncached(client, site.home.url)

    add_stories(site, 5, prefix="More")  # each with its own photo
    html, many = uncached(client, site.home.url)

    assert html.count('class="card card--story"') == 7
    assert len(many) == len(one)
    assert len([q for q in many if 'FROM "cms_customrendition"' in q]) == 1


def test_a_second_stories_block_adds_only_its_own_stories_query(client, site):
    stories = add_stories(site, 3)
    show_on_home(site, stories_block(count=2))
    _, one_block = uncached(client, site.home.url)

    show_on_home(site, stories_block(count=2), stories_block("Chosen", chosen=stories))
    html, two_blocks = uncached(client, site.home.url)

    assert html.count('class="card card--story"') == 5
    assert len(two_blocks) == len(one_block) + 2  # the chosen pages (the chooser), the chosen stories
    assert len([q for q in two_blocks if 'FROM "cms_customrendition"' in q]) == 1


def test_featured_jobs_filters_read_back_as_stored_without_their_choice_lists(monkeypatch):
    from wagtail.blocks import ChoiceBlock

    from campaign.blocks import FeaturedJobsBlock

    block = FeaturedJobsBlock()
    monkeypatch.setattr(ChoiceBlock, "normalize_choice", lambda *args: pytest.fail("choices read"))
    raw = {"heading": "Jobs", "role": "care-worker", "setting": "hospital", "area": "newcastle"}
    value = block.to_python({**raw, "employer_kind": "nhs_trust", "count": 3})

    assert {name: value[name] for name in ("role", "setting", "area", "employer_kind")} == {
        "role": "care-worker",
        "setting": "hospital",
        "area": "newcastle",
        "employer_kind": "nhs_trust",
    }
    assert (
        block.child_blocks["setting"].deconstruct()[0] == "wagtail.blocks.ChoiceBlock"
    )  # as migrations have it
