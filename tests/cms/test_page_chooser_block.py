"""cms.blocks.PageChooserBlock: the pages chosen in a StreamField, as Wagtail's block gives them,
fetched by one prepared query (compiled once per page type and number of pages)."""

from __future__ import annotations

import pytest

from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from wagtail import blocks as wagtail_blocks

from campaign.models import RoleProfilePage, StoryPage
from cms.blocks import PageChooserBlock


@pytest.fixture
def chooser():
    return PageChooserBlock(page_type="campaign.RoleProfilePage")


def test_chosen_pages_come_in_order_with_repeats_and_gaps_as_wagtail_gives_them(site, chooser):
    other = site.role.copy(update_attrs={"title": "Senior carer", "slug": "senior-carer"})
    values = [other.pk, None, site.role.pk, other.pk, 999_999]

    ours = chooser.bulk_to_python(values)
    wagtails = wagtail_blocks.PageChooserBlock(page_type="campaign.RoleProfilePage").bulk_to_python(values)

    assert [page and (type(page), page.pk, page.title) for page in ours] == [
        page and (type(page), page.pk, page.title) for page in wagtails
    ]
    assert [page and page.title for page in ours] == [
        "Senior carer",
        None,
        "Care worker",
        "Senior carer",
        None,
    ]
    assert ours[0] is not ours[3]  # a repeat is its own instance, as in Wagtail


def test_a_page_of_another_type_is_not_chosen(site, chooser):
    assert chooser.bulk_to_python([site.story.pk]) == [None]
    assert (
        PageChooserBlock(page_type="campaign.StoryPage").bulk_to_python([site.story.pk])[0].pk
        == site.story.pk
    )
    assert isinstance(
        PageChooserBlock(page_type="campaign.StoryPage").bulk_to_python([site.story.pk])[0], StoryPage
    )


def test_chosen_pages_are_one_query_compiled_once_and_none_chosen_is_no_query(site, chooser, monkeypatch):
    compiled = []
    original = SQLCompiler.as_sql

    def counting(self, *args, **kwargs):
        compiled.append(self.query.model)
        return original(self, *args, **kwargs)

    chooser.bulk_to_python([site.role.pk])
    monkeypatch.setattr(SQLCompiler, "as_sql", counting)
    with CaptureQueriesContext(connection) as queries:
        first = chooser.bulk_to_python([site.role.pk])
        nothing = chooser.bulk_to_python([None, None])

    assert first[0].pk == site.role.pk and isinstance(first[0], RoleProfilePage)
    assert nothing == [None, None]
    assert len(queries) == 1
    assert RoleProfilePage not in compiled  # bound to the SQL compiled on the first run
