"""The Wagtail Site serving a request comes from the site chrome cache (cms.chrome.site_for_request):
the same choice Wagtail makes, without Wagtail's query on every request, and a change to the sites
is served on the next request."""

import pytest

from django.db import connection
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

from cms.chrome import site_for_request
from cms.page_cache import purge_page_cache

# (hostname, port, default site) of each site; the first is the fixture's default site, localhost:80.
CONFIGURATIONS = {
    "one default site": [],
    "a second hostname": [("jobs.example", 80, False)],
    "the same hostname on two ports": [("jobs.example", 80, False), ("jobs.example", 8080, False)],
    "the default hostname on another port": [("localhost", 8000, False)],
}
REQUESTS = [
    ("localhost", "80"),
    ("localhost", "8000"),
    ("jobs.example", "80"),
    ("jobs.example", "8080"),
    ("jobs.example", "9999"),
    ("unknown.example", "80"),
]


@pytest.mark.parametrize("configuration", CONFIGURATIONS)
@override_settings(ALLOWED_HOSTS=["*"])
def test_the_cached_lookup_chooses_the_site_wagtail_would(db, home_page, configuration):
    for hostname, port, default in CONFIGURATIONS[configuration]:
        Site.objects.create(hostname=hostname, port=port, is_default_site=default, root_page=home_page)

    for hostname, port in REQUESTS:
        request = RequestFactory().get("/", HTTP_HOST=hostname, SERVER_PORT=port)
        expected = Site._find_for_request(request)  # Wagtail's own choice, from the database
        found = site_for_request(request)

        assert (found and found.pk) == (expected and expected.pk), f"{hostname}:{port}"


def test_without_a_default_site_an_unknown_host_has_no_site(db, home_page):
    Site.objects.update(is_default_site=False)

    request = RequestFactory().get("/", HTTP_HOST="testserver")

    assert Site._find_for_request(request) is None
    assert site_for_request(request) is None


def test_an_uncached_page_asks_the_database_neither_for_the_site_nor_for_the_home_pages_content(client, site):
    client.get(site.role.url)
    purge_page_cache()

    with CaptureQueriesContext(connection) as queries:
        response = client.get(site.role.url)

    assert response.status_code == 200
    assert "Help with daily living." in response.content.decode()
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert '"wagtailcore_site"' not in tables
    assert '"campaign_homepage"' not in tables


def test_the_home_page_is_served_in_full_from_the_cached_site(client, site):
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
