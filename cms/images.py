"""A page's images with their renditions, in as few queries as Wagtail's public API allows.

Left alone, Wagtail fetches each image field (hero, share image, photo) on first use, and each
`{% image %}` tag then asks for its rendition. `preload_page_images(page)` fetches the images of the
page's image fields in one query with their renditions in one more (Wagtail's `prefetch_renditions`).
Image choosers in StreamField blocks are `PreloadedImageChooserBlock`s: Wagtail fetches a block
type's images at once, and this chooser fetches their renditions with them.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

from django.db import models
from django.db.models import prefetch_related_objects

from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock as WagtailImageBlock
from wagtail.images.blocks import ImageChooserBlock


class PreloadedImageChooserBlock(ImageChooserBlock):
    """Wagtail's ImageChooserBlock, whose images come with their renditions (one query more per
    block type, rather than one per image shown).

    Migrations record it as Wagtail's block: it stores and edits exactly the same value."""

    canonical_module_path = "wagtail.images.blocks.ImageChooserBlock"

    def bulk_to_python(self, values):
        values = list(values)
        found = (
            get_image_model()
            .objects.prefetch_renditions()
            .in_bulk([value for value in values if value is not None])
        )
        result, seen = [], set()
        for value in values:  # as Wagtail's: a repeat is its own instance (ImageBlock sets its alt text)
            image = found.get(value)
            if image is not None and value in seen:
                image = copy.copy(image)
            seen.add(value)
            result.append(image)
        return result


class ImageBlock(WagtailImageBlock):
    """Wagtail's ImageBlock (image with alt text or 'decorative'), with a chooser that fetches the
    renditions with the images."""

    def __init__(self, required=True, **kwargs):
        super().__init__(required=required, **kwargs)
        chooser = PreloadedImageChooserBlock(required=required)
        chooser.set_name("image")
        self.child_blocks["image"] = chooser


def image_fields(model) -> list[models.ForeignKey]:
    """The image foreign keys of a model (class or instance)."""
    image_model = get_image_model()
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey) and field.related_model is image_model
    ]


def preload_page_images(page, also: Iterable = ()) -> None:
    """Fetch the images of the page's image fields in one query and their renditions, and those of
    `also` (other images the page shows, already fetched), in one more."""
    fields = image_fields(page)
    ids = {getattr(page, field.attname) for field in fields} - {None}
    images = get_image_model().objects.in_bulk(ids) if ids else {}
    for field in fields:
        image_id = getattr(page, field.attname)
        if image_id is not None and image_id in images:
            setattr(page, field.name, images[image_id])
    shown = [*images.values(), *(image for image in also if image is not None)]
    attach_renditions(shown)


def attach_renditions(images: Iterable) -> None:
    """Fetch the renditions of these images in one query (Wagtail's `prefetch_renditions`, on a
    list of images already fetched), where Wagtail's image tags look for them."""
    todo = [image for image in images if image is not None and not hasattr(image, "prefetched_renditions")]
    if todo:
        renditions = get_image_model().get_rendition_model().objects.all()
        prefetch_related_objects(
            todo, models.Prefetch("renditions", queryset=renditions, to_attr="prefetched_renditions")
        )
