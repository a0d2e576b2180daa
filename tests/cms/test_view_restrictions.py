"""A page below no restricted page answers Wagtail's view restriction check with an empty, already
evaluated queryset (cms.chrome.no_view_restrictions); a restricted page is still restricted."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from cms.chrome import no_view_restrictions, purge_chrome_cache
from cms.page_cache import purge_page_cache


def test_no_view_restrictions_behaves_as_an_empty_queryset_without_a_query(db):
    with CaptureQueriesContext(connection) as queries:
        restrictions = no_view_restrictions()
        assert list(restrictions) == []
        assert not restrictions and len(restrictions) == 0 and not restrictions.exists()
        assert list(restrictions.order_by("-page__depth")) == []
    assert len(queries) == 0
    PageViewRestriction.objects.create(page_id=1, restriction_type=PageViewRestriction.LOGIN)
    assert list(no_view_restrictions().filter(page_id=1)) == []


def test_a_restricted_page_still_asks_for_a_login_and_the_others_do_not(client, site):
    purge_page_cache()
    assert client.get(site.story.url).status_code == 200
    assert list(site.story.get_view_restrictions()) == []
    PageViewRestriction.objects.create(page=site.story, restriction_type=PageViewRestriction.LOGIN)
    purge_chrome_cache()  # as saving a restriction in the admin does
    purge_page_cache()
    assert client.get(site.story.url).status_code == 302
    assert client.get(site.stories.url).status_code == 200
