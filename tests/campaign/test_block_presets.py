"""Blocks that behave (issue 29): an empty Stories slot does not stop a page being submitted, the job
search block starts from a preset, and every listing block says something when it has nothing."""

from __future__ import annotations

import re

from wagtail.blocks import StreamValue

from campaign.blocks import CampaignStreamBlock, StoriesBlock
from campaign.models import StoryPage
from tests.factories import VacancyFactory


def render(block_type: str, value: dict) -> str:
    stream = CampaignStreamBlock()
    return StreamValue(stream, [{"type": block_type, "value": value}], is_lazy=True).render_as_block(
        context={}
    )


def test_an_empty_stories_slot_is_ignored_not_refused(site):
    block = StoriesBlock()
    value = block.to_python({"heading": "Stories", "stories": [None, site.story.pk], "count": 4})

    cleaned = block.clean(value)  # raised "This field is required" for the empty slot

    assert [page.pk for page in cleaned["stories"] if page] == [site.story.pk]
    assert "Amira" in render("stories", {"heading": "Stories", "stories": [None, site.story.pk], "count": 4})


def test_the_job_search_block_searches_its_preset_role_setting_and_distance(client, site):
    html = render(
        "job_search",
        {"heading": "Home care jobs near you", "role": "care-worker", "setting": "home_care", "radius": "20"},
    )

    assert '<input type="hidden" name="role" value="care-worker">' in html
    assert '<input type="hidden" name="setting" value="home_care">' in html
    assert re.search(r'<option value="20" selected>', html)
    assert "Searching Care worker jobs in Home care" in html


def test_the_preset_search_finds_the_campaigns_jobs(client, site):
    VacancyFactory(title="Home carer, Gosforth", role=site.vacancy.role, setting="home_care",
                   organisation=site.vacancy.organisation, locations=list(site.vacancy.locations.all()))  # fmt: skip
    html = client.get(
        "/jobs/", {"role": "care-worker", "setting": "home_care", "radius": "20"}
    ).content.decode()

    assert "Home carer, Gosforth" in html
    assert "Day care assistant" not in html


def test_without_a_preset_the_search_box_is_the_plain_one_at_10_miles(site):
    html = render("job_search", {"heading": "Find a care job near you"})

    assert 'type="hidden"' not in html
    assert '<option value="10" selected>' in html


def test_listing_blocks_have_an_empty_state(site):
    StoryPage.objects.all().unpublish()

    assert "Stories from people working in care are coming soon." in render(
        "stories", {"heading": "Stories", "stories": [], "count": 4}
    )
    assert "There are no events coming up right now." in render("upcoming_events", {"heading": "Events", "area": "north-tyneside", "count": 3})  # fmt: skip
