"""Each campaign block renders; listing blocks show live data or a friendly empty state."""

import pytest

from wagtail.blocks import StreamValue

from campaign.blocks import CampaignStreamBlock
from tests.factories import OrganisationFactory, VacancyFactory


def render(block_type: str, value: dict, **context) -> str:
    stream = CampaignStreamBlock()
    data = StreamValue(stream, [{"type": block_type, "value": value}], is_lazy=True)
    return data.render_as_block(context=context)


@pytest.mark.parametrize("name", list(CampaignStreamBlock.base_blocks.keys()))
def test_every_block_has_an_icon_and_renders_its_preview(site, name):
    block = CampaignStreamBlock.base_blocks[name]
    preview = block.get_preview_value()

    html = block.render(preview, context={})

    assert block.meta.icon
    assert html.strip(), f"{name} rendered nothing"


def test_hero_block_renders_heading_image_and_call_to_action(site):
    html = render(
        "hero",
        {
            "heading": "Care matters",
            "text": "Join us",
            "image": site.image.pk,
            "cta": {"text": "Find a job", "url": "/jobs/"},
        },
    )

    assert '<h1 class="hero__heading">Care matters</h1>' in html
    assert 'href="/jobs/"' in html
    assert 'alt="A carer laughing with a resident"' in html
    assert "srcset=" in html and 'width="' in html and 'height="' in html


def test_video_block_is_a_link_not_a_third_party_iframe(site):
    html = render("video", {"url": "https://www.youtube.com/watch?v=abc", "title": "A day in care"})

    assert "<iframe" not in html
    assert 'href="https://www.youtube.com/watch?v=abc"' in html
    assert "Watch the video: A day in care" in html


def test_job_search_block_sends_keyword_postcode_and_radius_to_job_search(site):
    html = render("job_search", {"heading": "Find a job"})

    assert 'action="/jobs/"' in html and 'method="get"' in html
    for name in ('name="q"', 'name="postcode"', 'name="radius"'):
        assert name in html


def test_featured_jobs_lists_live_vacancies_matching_filters(site):
    html = render("featured_jobs", {"heading": "Hiring", "role": "care-worker", "count": 3})

    assert "Day care assistant" in html
    assert "/jobs/?role=care-worker" in html


def test_featured_jobs_can_pick_nhs_employers(site, care_worker_role):
    VacancyFactory(
        organisation=OrganisationFactory(nhs=True, name="Tyne NHS Trust"),
        title="NHS carer",
        role=care_worker_role,
        afc_band="3",
    )

    html = render("featured_jobs", {"heading": "NHS", "employer_kind": "nhs_trust", "count": 3})

    assert "NHS carer" in html
    assert "Day care assistant" not in html
    assert "NHS Agenda for Change Band 3" in html


def test_featured_jobs_with_no_match_says_so_and_links_to_search(site):
    html = render("featured_jobs", {"heading": "Hiring", "setting": "hospital", "count": 3})

    assert "There are no jobs like this right now." in html
    assert 'href="/jobs/"' in html


def test_featured_jobs_never_shows_closed_or_expired_vacancies(site, care_worker_role):
    from datetime import timedelta

    from django.utils import timezone

    VacancyFactory(title="Closed job", role=care_worker_role, closed=True)
    VacancyFactory(
        title="Expired job", role=care_worker_role, closing_date=timezone.localdate() - timedelta(days=1)
    )

    html = render("featured_jobs", {"heading": "Hiring", "count": 12})

    assert "Closed job" not in html and "Expired job" not in html


def test_upcoming_events_and_stories_blocks_list_pages(site):
    assert "Newcastle jobs fair" in render("upcoming_events", {"heading": "Events", "count": 3})
    assert "I make someone" in render("stories", {"heading": "Stories", "stories": [], "count": 4})


def test_accordion_uses_details_so_it_works_without_javascript(site):
    html = render(
        "accordion", {"heading": "FAQ", "items": [{"question": "Is it free?", "answer": "<p>Yes.</p>"}]}
    )

    assert "<details" in html and "<summary>Is it free?</summary>" in html


def test_academy_finder_block_posts_a_postcode_to_the_finder(site):
    html = render("academy_finder", {"heading": "Find your academy", "text": ""})

    assert 'action="/find-your-academy/"' in html and 'name="postcode"' in html
