"""cms.images: the walk for the images in a page's streams skips only parts that cannot hold one."""

from __future__ import annotations

import pytest

from wagtail.fields import StreamField
from wagtail.models import Page

from cms import images

pytestmark = pytest.mark.django_db


def _ids_by_stream() -> dict:
    found = {}
    for page in Page.objects.all().specific():
        for field in page._meta.concrete_fields:
            if isinstance(field, StreamField):
                raw = getattr(page, field.attname).raw_data
                found[(page.pk, field.name)] = sorted(images._image_ids(field.stream_block, raw))
    return found


def test_the_image_ids_found_are_the_whole_walks(demo_site, monkeypatch):
    pruned = _ids_by_stream()
    monkeypatch.setattr(images, "_holds_images", lambda block: True)
    whole = _ids_by_stream()

    assert pruned == whole
    assert any(whole.values())  # (the demo site's streams hold images)


def test_blocks_without_images_are_skipped():
    from campaign.models import HomePage

    stream = HomePage._meta.get_field("body").stream_block
    holding = {name for name, child in stream.child_blocks.items() if images._holds_images(child)}

    assert holding and holding != set(stream.child_blocks)
