"""Fixtures for the jobseeker tests (issue 5). Imported by the modules that use them."""

from __future__ import annotations

import pytest

from django.core.cache import cache


@pytest.fixture
def site(transactional_db):
    """A default Wagtail site, for tests that need real commits (emails are sent after commit):
    a transactional test starts from an empty database, without the root page migrations made."""
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page, Site

    from campaign.models import HomePage

    Locale.objects.get_or_create(language_code=get_supported_content_language_variant("en-gb"))
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=HomePage(title="Work in care", slug="work-in-care", hero_heading="Care"))
    Site.objects.update_or_create(
        hostname="localhost", port=80, defaults={"root_page": home, "is_default_site": True}
    )
    Site.objects.exclude(root_page=home).delete()
    cache.clear()  # rate-limit counters
    return home
