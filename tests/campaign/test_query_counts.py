"""Speed budget: any campaign page rendered uncached in at most 12 queries, and no write on a GET."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.page_cache import purge_page_cache

PAGES = [
    "home",
    "landing",
    "roles",
    "role",
    "stories",
    "story",
    "events",
    "event",
    "areas",
    "area",
    "academies",
    "academy",
    "faq",
    "news",
    "article",
    "quiz",
    "content",
]
MAX_QUERIES = 12
WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.mark.parametrize("attr", PAGES)
def test_page_renders_uncached_within_the_query_budget_without_writing(client, site, attr):
    url = getattr(site, attr).url
    client.get(url)  # first view makes image renditions once (editors' uploads do this in production)
    purge_page_cache()  # an uncached render; other caches (site root paths, renditions) stay warm

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    assert len(sql) <= MAX_QUERIES, f"{url}: {len(sql)} queries\n" + "\n".join(s[:160] for s in sql)
    assert not [s for s in sql if s.lstrip().upper().startswith(WRITES)], f"{url} wrote to the database"


def test_reading_a_pages_role_and_area_filters_does_not_query_their_choice_lists(client, site):
    client.get(site.landing.url)  # featured jobs for a role, upcoming events
    purge_page_cache()

    with CaptureQueriesContext(connection) as queries:
        client.get(site.landing.url)

    choice_lists = [q["sql"] for q in queries.captured_queries if 'FROM "ats_role"' in q["sql"]]
    assert choice_lists == []
