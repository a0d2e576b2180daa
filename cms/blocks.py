"""The shared StreamBlock for body content. Page-specific blocks live beside their pages."""

import copy

from django.db import models

from wagtail import blocks

from cms.images import PREPARED_MAX, ImageBlock
from cms.prepared import PreparedQuery, slot_list, slot_values

# Chosen pages of one type by id, compiled once per type and number of ids (cms.prepared).
_CHOSEN_PAGES = PreparedQuery(
    lambda model, n: model.objects.filter(pk__in=slot_list("id", n, models.IntegerField())).order_by()
)


class PageChooserBlock(blocks.PageChooserBlock):
    """Wagtail's PageChooserBlock, with the chosen pages fetched by a prepared query: Wagtail's
    `in_bulk` builds and compiles its query (ordered by tree path, which nothing here needs) on
    every render, a sixth of a role profile page's time for its three "next steps". No query at
    all when no page is chosen (a link given as a URL instead).

    Migrations record it as Wagtail's block: it stores and edits exactly the same value."""

    canonical_module_path = "wagtail.blocks.PageChooserBlock"

    def bulk_to_python(self, values):
        ids = sorted({value for value in values if value is not None})
        if not ids:
            return [None] * len(values)
        if len(ids) > PREPARED_MAX or not all(type(value) is int for value in ids):
            return super().bulk_to_python(values)
        found = {
            page.pk: page
            for page in _CHOSEN_PAGES.run((self.model_class, len(ids)), **slot_values("id", ids))
        }
        result, seen = [], set()
        for value in values:  # as Wagtail's: in order, a distinct instance for each repeat
            page = found.get(value)
            if page is not None and value in seen:
                page = copy.copy(page)
            seen.add(value)
            result.append(page)
        return result


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(choices=[("h2", "Heading 2"), ("h3", "Heading 3")], default="h2")

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        preview_value = {"text": "Why work in care?", "level": "h2"}


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul", "h3"],
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        preview_value="<p>Care work changes lives, including yours.</p>",
    )
    image = ImageBlock(template="blocks/image_block.html")


class CookieBasisBlock(blocks.StaticBlock):
    """Why we may set the campaign cookie, always in the current wording (cms.attribution.CONSENT_BASIS),
    for privacy and cookie pages."""

    class Meta:
        icon = "info-circle"
        template = "blocks/cookie_basis_block.html"
        admin_text = "Shows why we may set the campaign cookie, in the wording the site's code uses."
        label = "Campaign cookie: legal basis"


class ContentStreamBlock(BaseStreamBlock):
    """Body of plain content pages (privacy, cookies, accessibility)."""

    cookie_basis = CookieBasisBlock()
