"""Routing a page's path keeps the pages above it with the site chrome (BasePage._path_pages):
a second visit to the same path routes with one query fewer, shows the same page, and anything
that moves a page onto or off a path (publish, unpublish, move, slug change, delete) routes it
afresh. The page served is always read from the database, never from what was kept."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaign.models import StoryIndexPage, StoryPage
from cms.page_cache import purge_page_cache
from tests.fixtures.campaign_site import publish

PATH_QUERY = "slug" + '" IN'  # the query for the pages on a path: `"wagtailcore_page"."slug" IN (...)`


def uncached(client, url, **headers):
    purge_page_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    path_queries = [q["sql"] for q in queries.captured_queries if PATH_QUERY in q["sql"]]
    return response, len(queries.captured_queries), path_queries


@pytest.mark.django_db
def test_the_second_visit_to_a_path_routes_without_asking_for_the_pages_on_it(client, site):
    url = site.story.url
    client.get(site.home.url)  # the chrome and settings cached, as after any first visitor
    first, first_count, first_paths = uncached(client, url)
    second, second_count, second_paths = uncached(client, url)

    assert first.status_code == second.status_code == 200
    assert len(first_paths) == 1 and second_paths == []
    assert second_count < first_count
    assert second.content == first.content
    assert b"Amira" in second.content
    # The breadcrumbs name the page above it, made from the kept rows.
    assert f'href="{site.stories.url}"'.encode() in second.content
    assert b">Stories</a>" in second.content


@pytest.mark.django_db
def test_the_page_served_is_read_afresh_even_when_its_route_is_kept(client, site):
    uncached(client, site.story.url)
    # Changed without any signal (no purge): only the served page's own row shows it.
    StoryPage.objects.filter(pk=site.story.pk).update(quote="Every shift is different.")

    response, _count, path_queries = uncached(client, site.story.url)

    assert path_queries == []
    assert b"Every shift is different." in response.content


@pytest.mark.django_db
def test_a_page_moved_elsewhere_is_routed_afresh(client, site):
    uncached(client, site.story.url)
    old_url = site.story.url
    other = StoryIndexPage(title="More stories", slug="more-stories")
    site.home.add_child(instance=other)
    publish(other)
    site.story.refresh_from_db()
    site.story.move(other, pos="last-child")
    site.story.refresh_from_db()

    redirected, _count, _paths = uncached(client, old_url)
    moved, _count, moved_paths = uncached(client, site.story.url)

    assert redirected.status_code == 301 and redirected["Location"] == site.story.url  # Wagtail's redirect
    assert moved.status_code == 200 and b"Amira" in moved.content
    assert len(moved_paths) == 1


@pytest.mark.django_db
def test_a_new_slug_is_routed_afresh_and_the_old_path_no_longer_answers(client, site):
    uncached(client, site.story.url)
    old_url = site.story.url
    story = StoryPage.objects.get(pk=site.story.pk)
    story.slug = "amira-k"
    publish(story)

    gone, _count, _paths = uncached(client, old_url)
    renamed, _count, _paths = uncached(client, "/stories/amira-k/")

    assert gone.status_code == 404
    assert renamed.status_code == 200 and b"Amira" in renamed.content


@pytest.mark.django_db
def test_an_unpublished_page_is_gone_on_the_next_visit(client, site):
    uncached(client, site.story.url)
    StoryPage.objects.get(pk=site.story.pk).unpublish()

    response, _count, _paths = uncached(client, site.story.url)

    assert response.status_code == 404


@pytest.mark.django_db
def test_a_renamed_page_above_shows_its_new_title_in_the_breadcrumbs(client, site):
    uncached(client, site.story.url)
    stories = StoryIndexPage.objects.get(pk=site.stories.pk)
    stories.title = "Carers' stories"
    publish(stories)

    response, _count, _paths = uncached(client, site.story.url)

    assert b"Carers&#x27; stories</a>" in response.content


@pytest.mark.django_db
def test_a_path_that_does_not_exist_is_not_kept(client, site):
    for _ in range(2):
        response, _count, path_queries = uncached(client, "/stories/nobody/")
        assert response.status_code == 404
        assert len(path_queries) == 1


@pytest.mark.django_db
def test_routes_are_kept_per_host(client, site, settings):
    settings.ALLOWED_HOSTS = ["*"]
    uncached(client, site.story.url)

    _response, _count, other_host_paths = uncached(client, site.story.url, HTTP_HOST="other.example")

    assert len(other_host_paths) == 1
