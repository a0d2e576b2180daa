"""cms.blocks.PageChooserBlock: the pages chosen in a StreamField, as Wagtail's block gives them,
and no query at all when none is chosen."""

from __future__ import annotations

import pytest

from django.db import connection
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


def test_chosen_pages_are_one_query_and_none_chosen_is_no_query(site, chooser):
    with CaptureQueriesContext(connection) as queries:
        first = chooser.bulk_to_python([site.role.pk])
    with CaptureQueriesContext(connection) as none_chosen:
        nothing = chooser.bulk_to_python([None, None])

    assert first[0].pk == site.role.pk and isinstance(first[0], RoleProfilePage)
    assert len(queries) == 1
    assert nothing == [None, None]
    assert len(none_chosen) == 0
