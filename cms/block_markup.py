"""The shared body blocks (cms.blocks: heading, paragraph, image, cookie basis), written in Python.

Each block was a template in templates/blocks/ that Wagtail rendered through `render_to_string`
with a copy of the whole page context, once per block. Here each is a function of the block's
value, with every value escaped as `{{ value }}` escaped it (`cms.markup.escaped`) and the same
image tags, so the HTML is the same byte for byte, down to the templates' final newline
(tests/campaign/test_block_markup.py renders the old templates and compares). The blocks' `render`
methods (cms.blocks) call them.
"""

from __future__ import annotations

from wagtail.images.models import Filter
from wagtail.images.shortcuts import get_renditions_or_not_found
from wagtail.images.templatetags.wagtailimages_tags import Picture

from cms.markup import escaped as _e

# `{% picture value format-{avif,webp,jpeg} width-{400,800,1200} ... %}`
PICTURE_SPECS = ["format-{avif,webp,jpeg}", "width-{400,800,1200}"]
PICTURE_ATTRS = {"sizes": "(max-width: 800px) 100vw, 800px", "loading": "lazy"}
_picture_filters: list[Filter] = []


def heading(value) -> str:
    """blocks/heading_block.html: an h2, or an h3 when the editor chose one."""
    if value.get("level") == "h3":
        return f"<h3>{_e(value.get('text'))}</h3>\n"
    return f"<h2>{_e(value.get('text'))}</h2>\n"


def paragraph(value) -> str:
    """blocks/paragraph_block.html: rich text, sanitised (`|safe_richtext`)."""
    from campaign.rich_text import render_rich_text

    return f'<div class="rich-text">{render_rich_text(value)}</div>\n'


def picture(image) -> str:
    """`{% picture image format-{avif,webp,jpeg} width-{400,800,1200} sizes=... loading="lazy" %}`,
    through the tag's own `Picture` (a `<picture>` with a source per format): the same renditions,
    fetched the same way, and the same markup. '' for no image, as the tag writes."""
    if not image:
        return ""
    if not hasattr(image, "get_rendition"):
        raise ValueError(f"Image template tags expect an Image object, got {image!r}")
    if not _picture_filters:
        _picture_filters.extend(Filter(spec=spec) for spec in Filter.expand_spec(PICTURE_SPECS))
    renditions = get_renditions_or_not_found(image, _picture_filters)
    return Picture(renditions, dict(PICTURE_ATTRS)).__html__()


def image(value) -> str:
    """blocks/image_block.html: the image (an `ImageBlock` value, alt text included) in a figure."""
    return f'<figure class="figure">{picture(value)}</figure>\n'


def cookie_basis() -> str:
    """blocks/cookie_basis_block.html: why we may set the campaign cookie (`{% campaign_cookie_basis %}`)."""
    from cms.attribution import CONSENT_BASIS

    return f'<p class="cookie-basis">{_e(CONSENT_BASIS)}</p>\n'
