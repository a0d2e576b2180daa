"""Page routing is Wagtail's own: every URL reaches the page it names (or a 404), and figures drawn
from every live job are counted once per window for every visitor."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaign.demo import child_page
from campaign.models import ArticlePage, StoryPage
from campaign.queries import FIGURES_SECONDS
from cms.chrome import purge_chrome_cache
from cms.page_cache import purge_page_cache
from tests.factories import VacancyFactory


def uncached_queries(client, url) -> tuple[object, list[str]]:
    """A second visit to the URL with the page and the chrome caches emptied (the page's renditions
    made by the first)."""
    client.get(url)
    purge_page_cache()
    purge_chrome_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries.captured_queries]


def test_the_same_slug_in_two_places_reaches_each_page(client, site):
    child_page(site.news, ArticlePage, "amira", title="Amira joins the academy", summary="News.", body=[])

    story = client.get("/stories/amira/").content.decode()
    article = client.get("/news/amira/").content.decode()

    assert "I make someone&#x27;s day better." in story or "I make someone's day better." in story
    assert "Amira joins the academy" in article and "Amira joins the academy" not in story


def test_a_page_with_a_sections_slug_is_not_reached_through_another_section(client, site):
    child_page(site.news, ArticlePage, "stories", title="Stories news", summary="News.", body=[])

    assert client.get("/news/stories/").status_code == 200
    assert client.get("/news/stories/amira/").status_code == 404  # amira is under /stories/, not here
    assert client.get("/stories/news/").status_code == 404


@pytest.mark.parametrize("url", ["/nowhere/", "/stories/nobody/", "/nowhere/amira/", "/stories/amira/more/"])
def test_a_path_that_leads_nowhere_is_not_found(client, site, url):
    assert client.get(url).status_code == 404


def test_an_unpublished_page_is_not_found_but_its_published_sibling_is(client, site):
    draft = StoryPage(slug="draft", title="Draft", person_name="D", quote="Q", body="<p>x</p>", live=False)
    site.stories.add_child(instance=draft)

    assert client.get("/stories/draft/").status_code == 404
    assert client.get("/stories/amira/").status_code == 200


def test_a_routable_page_still_routes_its_own_sub_paths(client, site):
    """The job search page answers /jobs/ and a job's own page below it."""
    jobs = client.get("/jobs/")
    job = client.get(site.vacancy.get_absolute_url())

    assert jobs.status_code == 200 and job.status_code == 200
    assert "Day care assistant" in job.content.decode()


def test_a_role_pages_pay_range_is_counted_once_for_every_visitor_within_five_minutes(client, site):
    client.get(site.role.url)
    VacancyFactory(
        organisation=site.employer, role=site.role.role, pay_min=Decimal("15.00"), pay_max=Decimal("16.50")
    )
    purge_page_cache()

    with CaptureQueriesContext(connection) as queries:
        soon = client.get(site.role.url).content.decode()

    assert "£12.60 to £13.20 an hour" in soon  # as another visitor saw it a moment ago
    assert not [q for q in queries.captured_queries if "MIN(" in q["sql"]]
    with time_machine.travel(timezone.now() + timedelta(seconds=FIGURES_SECONDS)):
        purge_page_cache()
        later = client.get(site.role.url).content.decode()
    assert "£12.60 to £16.50 an hour" in later


def test_an_area_pages_job_count_is_counted_again_after_five_minutes(client, site):
    assert "See 1 job in Newcastle" in client.get(site.area.url).content.decode()
    VacancyFactory(organisation=site.employer, locations=list(site.vacancy.locations.all()))
    purge_page_cache()

    assert "See 1 job in Newcastle" in client.get(site.area.url).content.decode()
    with time_machine.travel(timezone.now() + timedelta(seconds=FIGURES_SECONDS)):
        purge_page_cache()
        assert "See 2 jobs in Newcastle" in client.get(site.area.url).content.decode()


def test_page_links_in_blocks_come_back_in_order_whether_chosen_or_not(db, site):
    """Links given as a URL (no page chosen) cost no page lookup; chosen pages still come back."""
    from cms.blocks import PageChooserBlock

    block = PageChooserBlock(required=False)

    assert block.bulk_to_python([None, None]) == [None, None]
    found = block.bulk_to_python([site.role.pk, None, site.story.pk])
    assert [page and page.pk for page in found] == [site.role.pk, None, site.story.pk]
    assert block.deconstruct()[0] == "wagtail.blocks.PageChooserBlock"  # migrations unchanged
