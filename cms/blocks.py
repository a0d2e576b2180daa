"""The shared StreamBlock for body content. Page-specific blocks live beside their pages."""

from wagtail import blocks

from cms.images import ImageBlock


class PageChooserBlock(blocks.PageChooserBlock):
    """Wagtail's PageChooserBlock, without building a query when no page is chosen (a link given as
    a URL instead): Wagtail asks `in_bulk([None])`, which costs about 0.5 ms of query building for
    nothing, per list of such blocks on every page render.

    Migrations record it as Wagtail's block: it stores and edits exactly the same value."""

    canonical_module_path = "wagtail.blocks.PageChooserBlock"

    def bulk_to_python(self, values):
        if all(value is None for value in values):
            return [None] * len(values)
        return super().bulk_to_python(values)


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
