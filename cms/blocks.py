"""The shared StreamBlock for body content. Page-specific blocks live beside their pages.

Each block writes its HTML through its template in templates/blocks/."""

from django.core.exceptions import ValidationError
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

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

    def render_basic(self, value, context=None):
        """Wagtail's (each block in a `<div class="w-block-<type> block-<type>">`, one per line),
        with the block itself as `block` in the context of a block that names its fields and
        headings after its id (`ids_from_block = True`: job search, academy finder, stories). Under
        `{% include_block page.body %}` Wagtail leaves the page template's `{% block %}` node
        there, so two such blocks on one page (or a finder block beside the academy index's own
        finder) had the same ids and each label pointed at the first block's field."""
        parts = []
        for child in value:
            child_context = context
            if getattr(child.block, "ids_from_block", False) and child.id:
                child_context = {**(context or {}), "block": child}
            html = conditional_escape(child.block.render(child.value, context=child_context))
            kind = conditional_escape(child.block_type)
            parts.append(f'<div class="w-block-{kind} block-{kind}">{html}</div>')
        return SafeString("\n".join(parts))  # nosec B703  # every part escaped unless already safe


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
