"""Campaign pages read from the database (BasePage.from_db) are made as Django makes them, without
the `__init__` steps of Wagtail and modelcluster that only matter for pages not saved yet."""

import pytest

from django.apps import apps
from django.db import models

from modelcluster.models import ClusterableModel
from wagtail.models import AbstractPage
from wagtail.models.pages import ShowInMenusMixin

from campaign.models.base import BasePage, _init_steps_skippable


def _campaign_page_models() -> list[type[BasePage]]:
    return [model for model in apps.get_models() if issubclass(model, BasePage)]


def test_only_page_types_whose_init_does_nothing_for_a_saved_page_skip_it():
    """If Wagtail or modelcluster add an `__init__`, look at what it does for a page read from the
    database before adding it to campaign.models.base._skippable_inits."""
    known = {AbstractPage, ClusterableModel, ShowInMenusMixin, models.Model, object}
    skipping = set()
    for model in _campaign_page_models():
        inits = {cls for cls in model.__mro__ if "__init__" in vars(cls)}
        assert _init_steps_skippable(model) == (inits == known)
        if inits == known:
            skipping.add(model.__name__)
    assert {"HomePage", "StoryPage", "EventPage", "CampaignLandingPage", "AcademyPage"} <= skipping
    assert "ContactPage" not in skipping  # Wagtail's form mixin sets its landing template


def test_a_form_page_from_the_database_has_what_its_init_sets(site):
    page = type(site.contact).objects.only("title").get(pk=site.contact.pk)

    assert page.landing_page_template == "campaign/contact_page_landing.html"


def _loaded(page: models.Model) -> dict:
    deferred = page.get_deferred_fields()
    return {
        field.attname: field.value_to_string(page)
        for field in page._meta.concrete_fields
        if field.attname not in deferred
    }


@pytest.mark.parametrize("only", [(), ("title", "url_path", "path", "depth")])
def test_pages_from_the_database_are_what_django_makes(site, monkeypatch, only):
    pages = [
        site.home,
        site.story,
        site.event,
        site.landing,
        site.academy,
        site.role,
        site.area,
        site.contact,
    ]
    ours = {}
    for page in pages:
        queryset = type(page).objects.filter(pk=page.pk).only(*only) if only else type(page).objects
        ours[page.pk] = queryset.get(pk=page.pk)
    for page in pages:
        monkeypatch.setattr(type(page), "from_db", classmethod(models.Model.from_db.__func__))
    for page in pages:
        queryset = type(page).objects.filter(pk=page.pk).only(*only) if only else type(page).objects
        djangos = queryset.get(pk=page.pk)
        mine = ours[page.pk]
        assert type(mine) is type(djangos)
        assert mine.get_deferred_fields() == djangos.get_deferred_fields()
        assert sorted(vars(mine)) == sorted(vars(djangos))
        assert _loaded(mine) == _loaded(djangos)
        assert (
            (mine._state.adding, mine._state.db)
            == (djangos._state.adding, djangos._state.db)
            == (False, "default")
        )
        assert mine.title == page.title and mine.url == page.url  # a deferred field loads on use
