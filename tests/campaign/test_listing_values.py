"""The home page's listings: each render sees today's date, the current time, the editor's choices
and the pages' privacy."""

from datetime import timedelta

import pytest
import time_machine

from django.utils import timezone

from wagtail.models import PageViewRestriction

from campaign.models import StoryPage
from tests.campaign.test_blocks import render
from tests.factories import VacancyFactory
from tests.fixtures.campaign_site import child_page, make_image


def test_a_job_closing_today_is_featured_today_and_gone_tomorrow(site, care_worker_role):
    VacancyFactory(title="Closes today", role=care_worker_role, closing_date=timezone.localdate())
    value = {"heading": "Hiring", "role": "care-worker", "count": 6}

    assert "Closes today" in render("featured_jobs", value)
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        html = render("featured_jobs", value)
    assert "Closes today" not in html and "Day care assistant" in html


def test_featured_jobs_filters_take_each_blocks_own_values(site, care_worker_role):
    VacancyFactory(title="Hospital porter carer", role=care_worker_role, setting="hospital")

    hospital = render("featured_jobs", {"heading": "Hospital", "setting": "hospital", "count": 3})
    nursing = render("featured_jobs", {"heading": "Nursing", "setting": "nursing", "count": 3})

    assert "Hospital porter carer" in hospital
    assert "Hospital porter carer" not in nursing


def test_an_event_leaves_upcoming_events_once_it_has_started(site):
    soon = child_page(
        site.events,
        type(site.event),
        "soon",
        title="Open day this afternoon",
        summary="Drop in.",
        start=timezone.now() + timedelta(hours=2),
        end=timezone.now() + timedelta(hours=4),
        venue_name="Library",
        address="New Bridge Street",
        postcode="NE1 8AX",
        capacity=20,
    )
    value = {"heading": "Events", "count": 5}

    assert soon.title in render("upcoming_events", value)
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        html = render("upcoming_events", value)
    assert soon.title not in html and site.event.title in html


def chosen_stories_html(site, pages) -> str:
    return render("stories", {"heading": "Stories", "stories": [p.pk for p in pages], "count": 4})


def story(site, slug: str, name: str) -> StoryPage:
    return child_page(
        site.stories,
        StoryPage,
        slug,
        title=f"{name}'s story",
        person_name=name,
        quote=f"{name} loves the job.",
        photo=make_image(title=name),
        body=f"<p>{name} started last year.</p>",
    )


def test_chosen_stories_keep_the_editors_order_and_skip_unpublished_ones(site):
    bea, cal = story(site, "bea", "Bea"), story(site, "cal", "Cal")

    html = chosen_stories_html(site, [cal, site.story, bea])
    assert html.index("Cal") < html.index("Amira") < html.index("Bea")

    cal.unpublish()
    html = chosen_stories_html(site, [cal, bea])
    assert "Cal" not in html and "Bea" in html


def test_newest_stories_leave_out_a_story_behind_a_login(site):
    private = story(site, "dee", "Dee")
    value = {"heading": "Stories", "stories": [], "count": 4}
    assert "Dee loves the job" in render("stories", value)

    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    from cms.chrome import purge_chrome_cache

    purge_chrome_cache()  # as saving a restriction in the admin does
    assert "Dee loves the job" not in render("stories", value)


def test_story_photos_come_with_their_renditions(site, django_assert_num_queries):
    story(site, "eve", "Eve")
    value = {"heading": "Stories", "stories": [], "count": 4}
    render("stories", value)  # the photos' renditions are made once

    # the stories, then every photo's renditions: no query per card
    with django_assert_num_queries(2):
        html = render("stories", value)
    assert html.count("<img") == 2 and html.count(".webp") >= 4


@pytest.fixture(autouse=True)
def _no_restriction_cache(settings):
    """Restrictions are read from the chrome cache; start each test with it empty."""
    from cms.chrome import purge_chrome_cache

    purge_chrome_cache()


def test_the_story_index_pages_and_filters_its_stories(client, site, newcastle):
    for n in range(13):
        story(site, f"s{n:02}", f"Person{n:02}")

    first = client.get(site.stories.url).content.decode()
    second = client.get(site.stories.url + "?page=2").content.decode()

    assert first.count('class="card card--story"') == 12 and "Page 1 of 2" in first
    assert second.count('class="card card--story"') == 2 and "Page 2 of 2" in second
    assert "Person12" in first and "Person00" not in first and "Person00" in second  # newest first
    assert second.count(".webp") >= 4  # photos with their renditions

    filtered = client.get(site.stories.url + "?area=newcastle-upon-tyne").content.decode()
    assert filtered.count('class="card card--story"') == 1 and "Amira" in filtered


def test_index_pages_leave_out_pages_behind_a_login(client, site):
    PageViewRestriction.objects.create(page=site.story, restriction_type=PageViewRestriction.LOGIN)
    PageViewRestriction.objects.create(page=site.article, restriction_type=PageViewRestriction.LOGIN)

    assert "Amira" not in client.get(site.stories.url).content.decode()
    assert site.article.title not in client.get(site.news.url).content.decode()
    assert site.event.title in client.get(site.events.url).content.decode()
