"""A page below no restricted page answers Wagtail's view restriction check without asking the
database (the restricted paths come with the site chrome); a restricted page is still restricted."""

from wagtail.models import PageViewRestriction

from cms.chrome import purge_chrome_cache
from cms.page_cache import purge_page_cache


def test_a_restricted_page_still_asks_for_a_login_and_the_others_do_not(client, site):
    purge_page_cache()
    assert client.get(site.story.url).status_code == 200
    assert list(site.story.get_view_restrictions()) == []
    PageViewRestriction.objects.create(page=site.story, restriction_type=PageViewRestriction.LOGIN)
    purge_chrome_cache()  # as saving a restriction in the admin does
    purge_page_cache()
    assert client.get(site.story.url).status_code == 302
    assert client.get(site.stories.url).status_code == 200
