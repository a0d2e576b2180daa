"""Wagtail's own Site lookup serves each page from its site, and a change to the sites is served on
the next request (the page cache and the chrome are purged when a site changes)."""

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

from cms.page_cache import purge_page_cache


def test_the_home_page_is_served_in_full_in_one_query_for_its_content(client, site):
    client.get("/")
    purge_page_cache()

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Care is a job that matters" in html  # the home page's own field
    home_loads = [q for q in queries.captured_queries if 'FROM "campaign_homepage"' in q["sql"]]
    assert len(home_loads) == 1  # loaded once, with its images, not field by field


@override_settings(ALLOWED_HOSTS=["localhost", "testserver", "jobs.example"])
def test_a_new_or_removed_site_is_served_on_the_next_request(client, site):
    assert "Care is a job that matters" in client.get("/", HTTP_HOST="jobs.example").content.decode()

    jobs_site = Site.objects.create(hostname="jobs.example", port=80, root_page=site.roles)
    html = client.get("/", HTTP_HOST="jobs.example").content.decode()
    assert "Jobs in care" in html and "Care is a job that matters" not in html
    assert "Care is a job that matters" in client.get("/", HTTP_HOST="localhost").content.decode()

    jobs_site.delete()
    assert "Care is a job that matters" in client.get("/", HTTP_HOST="jobs.example").content.decode()
