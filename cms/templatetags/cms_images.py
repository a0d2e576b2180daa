"""`{% image %}` and `{% srcset_image %}` for markup written in Python (campaign.page_markup,
block_markup, cards): what Wagtail's tags write, through Wagtail's own public API. Templates use
Wagtail's `wagtailimages_tags` directly."""

from __future__ import annotations

from django import template

from wagtail.images.models import Filter, ResponsiveImage
from wagtail.images.shortcuts import get_renditions_or_not_found

register = template.Library()


def img_tag(rendition, extra: dict, url: str | None = None) -> str:
    """What `{% image %}` writes for a rendition (Wagtail's `rendition.img_tag`). `url` is
    accepted for the callers written before; the rendition's own URL is used."""
    return rendition.img_tag(extra)


def srcset_img(image, specs: tuple[str, ...], attrs: dict) -> str:
    """What `{% srcset_image image <specs> <attrs> %}` writes for an image (not None):
    `srcset_img(photo, ("fill-{480x360,960x720}", "format-webp"), {...})`."""
    filters = [Filter(spec=spec) for spec in Filter.expand_spec(list(specs))]
    renditions = get_renditions_or_not_found(image, filters)
    return ResponsiveImage(renditions, dict(attrs)).__html__()
