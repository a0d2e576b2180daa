"""The shared StreamBlock for body content. Page-specific blocks live beside their pages.

Each block writes its HTML through its template in templates/blocks/."""

from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

from cms.images import ImageBlock
from cms.validators import validate_link


class LinkStructBlock(blocks.StructBlock):
    """A StructBlock with a typed `url` child: the link must be safe (cms.validators.validate_link),
    so no editor can save a javascript:, data: or vbscript: link. Checked here rather than as the
    child's validator, so the block's definition (and the migrations that record it) is unchanged."""

    def clean(self, value):
        cleaned = super().clean(value)
        try:
            validate_link(cleaned.get("url") or "")
        except ValidationError as error:
            raise StructBlockValidationError(block_errors={"url": error}) from None
        return cleaned


class PageChooserBlock(blocks.PageChooserBlock):
    """Wagtail's PageChooserBlock, without a query when no page is chosen (a link given as a URL
    instead).

    Migrations record it as Wagtail's block: it stores and edits exactly the same value."""

    canonical_module_path = "wagtail.blocks.PageChooserBlock"

    def bulk_to_python(self, values):
        values = list(values)
        if all(value is None for value in values):
            return [None] * len(values)
        return super().bulk_to_python(values)


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(choices=[("h2", "Heading 2"), ("h3", "Heading 3")], default="h2")

    class Meta:
        icon = "title"
        preview_value = {"text": "Why work in care?", "level": "h2"}
        template = "blocks/heading_block.html"


class _RecordsOldTemplate:
    """Migrations record these blocks with the template they were rendered with until it was
    written in Python (`template=` was a constructor argument, frozen into every migration of a
    body StreamField); saying so still spares each app a migration that changes nothing stored."""

    old_template = ""

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        return path, args, {**kwargs, "template": self.old_template}


class ParagraphBlock(_RecordsOldTemplate, blocks.RichTextBlock):
    """Rich text, sanitised (templates/blocks/paragraph_block.html). Migrations record it as
    Wagtail's block."""

    canonical_module_path = "wagtail.blocks.RichTextBlock"
    old_template = "blocks/paragraph_block.html"

    class Meta:
        template = "blocks/paragraph_block.html"


class BodyImageBlock(_RecordsOldTemplate, ImageBlock):
    """An image with its alt text, as a `<picture>` (templates/blocks/image_block.html). Migrations
    record it as Wagtail's ImageBlock, as they record cms.images.ImageBlock."""

    old_template = "blocks/image_block.html"

    class Meta:
        template = "blocks/image_block.html"


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock(
        features=["bold", "italic", "link", "ol", "ul", "h3"],
        icon="pilcrow",
        preview_value="<p>Care work changes lives, including yours.</p>",
    )
    image = BodyImageBlock()

    class Meta:
        # Each child in its own `<div class="block-<type>">`, as Wagtail's own render_basic
        # writes them; the child is `block` in its template's context (`block.id` names the
        # fields and headings of the job search, academy finder and stories blocks).
        template = "blocks/stream_block.html"


class CookieBasisBlock(blocks.StaticBlock):
    """Why we may set the campaign cookie, always in the current wording (cms.attribution.CONSENT_BASIS),
    for privacy and cookie pages."""

    class Meta:
        icon = "info-circle"
        admin_text = "Shows why we may set the campaign cookie, in the wording the site's code uses."
        label = "Campaign cookie: legal basis"
        template = "blocks/cookie_basis_block.html"


class ContentStreamBlock(BaseStreamBlock):
    """Body of plain content pages (privacy, cookies, accessibility)."""

    cookie_basis = CookieBasisBlock()
