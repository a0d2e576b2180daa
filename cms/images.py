"""Every image a page shows, fetched in one query with their renditions in one more.

Left alone, Wagtail fetches a page's images one by one: each image field (hero, share image, photo)
on first use, and the images in its StreamFields once per block type (hero blocks, image and text,
video thumbnails, quotes...). `preload_page_images(page)` reads the image ids from the page's
fields and from the raw StreamField data, fetches them all with their renditions, sets the image
fields and converts the StreamFields while the fetched images are at hand. Image choosers in
blocks are `PreloadedImageChooserBlock`s, which take their images from there when they can.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models
from django.db.models import Prefetch, prefetch_related_objects

from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock as WagtailImageBlock
from wagtail.images.blocks import ImageChooserBlock

from cms.prepared import PreparedQuery, slot_list, slot_values

_preloaded: ContextVar[dict | None] = ContextVar("preloaded_images", default=None)


class PreloadedImageChooserBlock(ImageChooserBlock):
    """Wagtail's ImageChooserBlock, answered from the images preloaded for the page when it can.

    Migrations record it as Wagtail's block: it stores and edits exactly the same value."""

    canonical_module_path = "wagtail.images.blocks.ImageChooserBlock"

    def bulk_to_python(self, values):
        found = _preloaded.get()
        if found is None or any(value is not None and value not in found for value in values):
            return super().bulk_to_python(values)
        return [copy.copy(found[value]) if value is not None else None for value in values]


class ImageBlock(WagtailImageBlock):
    """Wagtail's ImageBlock (image with alt text or 'decorative'), with a preloading chooser."""

    def __init__(self, required=True, **kwargs):
        super().__init__(required=required, **kwargs)
        chooser = PreloadedImageChooserBlock(required=required)
        chooser.set_name("image")
        self.child_blocks["image"] = chooser


# {id(block): (block, whether its values can hold images)}: blocks are defined once, with their
# page types, and kept here so an id is never reused.
_holding_images: dict[int, tuple[blocks.Block, bool]] = {}


def _holds_images(block: blocks.Block) -> bool:
    """Whether `_image_ids` can find an image in a value of this block (so the walk skips the
    parts of a page's streams that hold none: most of them)."""
    found = _holding_images.get(id(block))
    if found is None:
        if isinstance(block, ImageChooserBlock | WagtailImageBlock):
            holds = True
        elif isinstance(block, blocks.StreamBlock | blocks.StructBlock):
            holds = any(_holds_images(child) for child in block.child_blocks.values())
        elif isinstance(block, blocks.ListBlock):
            holds = _holds_images(block.child_block)
        else:
            holds = False
        found = _holding_images[id(block)] = (block, holds)
    return found[1]


def _image_ids(block: blocks.Block, raw) -> Iterator[int]:
    """Image ids in one block's raw (JSON) value."""
    if raw is None or not _holds_images(block):
        return
    if isinstance(block, ImageChooserBlock):
        if isinstance(raw, int):
            yield raw
    elif isinstance(block, WagtailImageBlock) and isinstance(raw, int):
        yield raw  # an ImageBlock still holding a plain chooser's value
    elif isinstance(block, blocks.StreamBlock):
        for item in raw:
            child = block.child_blocks.get(item.get("type")) if isinstance(item, dict) else None
            if child is not None:
                yield from _image_ids(child, item.get("value"))
    elif isinstance(block, blocks.ListBlock):
        for item in raw:
            value = item.get("value") if isinstance(item, dict) and "type" in item else item
            yield from _image_ids(block.child_block, value)
    elif isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        for name, child in block.child_blocks.items():
            yield from _image_ids(child, raw.get(name))


def _image_fields(model) -> tuple[models.ForeignKey, ...]:
    """The image foreign keys of a model (class or instance), worked out once per class."""
    return _class_image_fields(model if isinstance(model, type) else type(model))


@functools.cache
def _class_image_fields(model: type) -> tuple[models.ForeignKey, ...]:
    image_model = get_image_model()
    return tuple(
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey) and field.related_model is image_model
    )


def image_field_names(model) -> list[str]:
    """The model's image foreign keys, e.g. for select_related."""
    return [field.name for field in _image_fields(model)]


def _stream_fields(page) -> tuple[StreamField, ...]:
    return _class_stream_fields(type(page))


@functools.cache
def _class_stream_fields(model: type) -> tuple[StreamField, ...]:
    return tuple(field for field in model._meta.concrete_fields if isinstance(field, StreamField))


@contextmanager
def _images_at_hand(images: dict):
    token = _preloaded.set(images)
    try:
        yield
    finally:
        _preloaded.reset(token)


def preload_page_images(page, also: Iterable = ()) -> None:
    """Fetch the page's images (image fields and StreamField blocks) and their renditions at once.

    Image fields already fetched with the page (select_related) cost nothing more; the others and
    the StreamField images take one query, and the renditions of them all one more. `also`: other
    images the page shows, already fetched (its listings' photos), whose renditions come in the
    same query."""
    fields = _image_fields(page)
    streams = [f for f in _stream_fields(page) if getattr(page, f.attname).is_lazy]
    ids = {getattr(page, f.attname) for f in fields if not f.is_cached(page)} - {None}
    with_images = []
    for field in streams:
        found = set(_image_ids(field.stream_block, getattr(page, field.attname).raw_data))
        if found:
            ids.update(found)
            with_images.append(field)  # a stream without images is converted when it is shown, if it is
    images = images_by_id(ids)
    for field in fields:
        if not field.is_cached(page):
            image_id = getattr(page, field.attname)
            field.set_cached_value(page, images.get(image_id) if image_id is not None else None)
    shown = {id(image): image for image in images.values()}
    for field in fields:
        image = field.get_cached_value(page)
        if image is not None and not hasattr(image, "prefetched_renditions"):
            shown[id(image)] = image
    for image in also:
        if image is not None:
            shown[id(image)] = image
    attach_renditions(shown.values())
    with _images_at_hand(images):
        for field in with_images:
            stream = getattr(page, field.attname)
            for index in range(len(stream)):
                _ = stream[index]  # converts the block while the images are at hand


# Lists of images up to this long are fetched by prepared queries (one compiled shape per length);
# longer ones by the ORM.
PREPARED_MAX = 24
_IMAGES = PreparedQuery(
    lambda n: get_image_model().objects.filter(pk__in=slot_list("id", n, models.IntegerField()))
)
_RENDITIONS = PreparedQuery(
    lambda n: (
        get_image_model()
        .get_rendition_model()
        .objects.filter(image_id__in=slot_list("id", n, models.IntegerField()))
    )
)


def images_by_id(ids) -> dict:
    """{id: image} for the ids (`in_bulk`, compiled once per number of ids)."""
    ids = sorted(set(ids) - {None})
    if not ids:
        return {}
    if len(ids) > PREPARED_MAX:
        return get_image_model().objects.in_bulk(ids)
    rows = _IMAGES.run((len(ids),), **slot_values("id", ids))
    return {image.pk: image for image in rows}


def attach_renditions(images) -> None:
    """Fetch the renditions of these images in one query and keep them on each image, where
    Wagtail's image tags look first (as `prefetch_related("renditions")` does, without compiling
    the prefetch query on every page). Images that already have theirs are left alone."""
    todo: dict[int, list] = {}
    for image in images:
        if image is None or hasattr(image, "prefetched_renditions"):
            continue
        if "renditions" in getattr(image, "_prefetched_objects_cache", {}):
            continue
        todo.setdefault(image.pk, []).append(image)
    if not todo:
        return
    if len(todo) > PREPARED_MAX:
        renditions = get_image_model().get_rendition_model().objects.all()
        prefetch_related_objects(
            [image for same in todo.values() for image in same],
            Prefetch("renditions", queryset=renditions, to_attr="prefetched_renditions"),
        )
        return
    ids = sorted(todo)
    found: dict[int, list] = {pk: [] for pk in ids}
    for rendition in _RENDITIONS.run((len(ids),), **slot_values("id", ids)):
        found[rendition.image_id].append(rendition)
    image_field = get_image_model().get_rendition_model()._meta.get_field("image")
    for pk, same in todo.items():
        for index, image in enumerate(same):  # an image shown twice gets its own copies
            renditions = found[pk] if index == 0 else [copy.copy(r) for r in found[pk]]
            image.prefetched_renditions = renditions
            for rendition in renditions:
                image_field.set_cached_value(rendition, image)


def reuse_image_tag_filters() -> None:
    """Wagtail's image tags build their Filter, and parse its operations (with
    `inspect.getcallargs` for every operation), on every render: about 5% of an uncached listing
    page's time (eight story cards, each a `srcset_image` of two sizes). A tag's filter specs are
    fixed when its template is compiled (they are not template variables), so each tag keeps the
    filters it built, as Wagtail's own rendition code treats a Filter as read-only. Called once,
    from CmsConfig.ready()."""
    from wagtail.images.templatetags import wagtailimages_tags as tags

    def kept(method, name: str):
        @functools.wraps(method)
        def build_once(node):
            try:
                return node.__dict__[name]
            except KeyError:
                node.__dict__[name] = found = method(node)
                return found

        return build_once

    if not hasattr(tags.ImageNode.get_filter, "__wrapped__"):
        tags.ImageNode.get_filter = kept(tags.ImageNode.get_filter, "_kept_filter")
        tags.SrcsetImageNode.get_filters = kept(tags.SrcsetImageNode.get_filters, "_kept_filters")
