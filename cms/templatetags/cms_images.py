"""`{% image %}` and `{% srcset_image %}` as Wagtail writes them, with the `<img>` tag built directly.

Same syntax and the same HTML as Wagtail's tags (load this library after `wagtailimages_tags`).
Wagtail builds the tag through a `ResponsiveImage`, an `OrderedDict` of attributes and Django's
`flatatt`, which passes every name and value through `format_html` (a `str.format` and a
`mark_safe` each): about a tenth of an uncached listing page's time went on a few dozen `<img>`
tags. Here the attributes are escaped and joined in one pass, in `flatatt`'s order (sorted
name="value" pairs, then sorted boolean attributes). The `as` forms and `{% picture %}` are
Wagtail's own."""

from __future__ import annotations

import hashlib
import re

from django import template
from django.apps import apps
from django.utils.safestring import mark_safe

from wagtail.images.models import Filter
from wagtail.images.shortcuts import get_rendition_or_not_found, get_renditions_or_not_found
from wagtail.images.templatetags import wagtailimages_tags as wagtail_tags

from cms.markup import escaped as _escaped

register = template.Library()


def img_tag(rendition, extra: dict, url: str | None = None) -> str:
    """What `rendition.img_tag(extra)` returns, byte for byte (`url`: the rendition's, if known)."""
    src = rendition.url if url is None else url
    attrs = {"src": src, "width": rendition.width, "height": rendition.height, "alt": rendition.alt}
    attrs.update(apps.get_app_config("wagtailimages").default_attrs)
    attrs.update(extra)
    pairs = sorted(
        (name, value) for name, value in attrs.items() if not isinstance(value, bool) and value is not None
    )
    flags = sorted(name for name, value in attrs.items() if value is True)
    return mark_safe(  # nosec B308 B703  # every name and value is escaped above, as flatatt does
        "<img"
        + "".join(f' {_name(name)}="{_value(value)}"' for name, value in pairs)
        + "".join(f" {_name(name)}" for name in flags)
        + ">"
    )


_PLAIN_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9_:-]*")


def _name(name) -> str:
    """An attribute name escaped: a plain one (letters, digits, _ : -) is its own escape."""
    return name if type(name) is str and _PLAIN_NAME.fullmatch(name) else _escaped(name)


def _value(value) -> str:
    """An attribute value escaped (an int, a width or height, needs none)."""
    return str(value) if type(value) is int else _escaped(value)


class _WritesImgTag:
    """The shared part: the `as` form and a missing image as Wagtail has them; `img(image, attrs)`
    writes the tag."""

    def render(self, context):
        if self.output_var_name:
            return super().render(context)
        image = self.validate_image(context)
        if not image:
            return ""
        return self.img(image, {key: value.resolve(context) for key, value in self.attrs.items()})


class ImageTag(_WritesImgTag, wagtail_tags.ImageNode):
    def img(self, image, attrs: dict) -> str:
        return img_tag(get_rendition_or_not_found(image, self.get_filter()), attrs)


def _prefetched(image, filters: list[Filter]) -> list | None:
    """The image's renditions for these filters when all are among its prefetched ones, found as
    Wagtail's `get_renditions` finds them there (same spec and focal point key) without its other
    steps (svg filter cleaning, a dict per filter, the list of cache writes it then leaves out);
    None when any is missing (Wagtail then makes it) or a filter has a `preserve-svg` step."""
    prefetched = image._get_prefetched_renditions()
    if prefetched is None or len({filter.spec for filter in filters}) < len(filters):
        return None
    by_spec: dict[str, list] = {}
    for rendition in prefetched:
        by_spec.setdefault(rendition.filter_spec, []).append(rendition)
    found = []
    keys: dict[tuple[str, ...], str] = {}
    for filter in filters:
        if "preserve-svg" in filter.spec:
            return None
        key = _cache_key(filter, image, keys)
        rendition = next((r for r in by_spec.get(filter.spec, ()) if r.focal_point_key == key), None)
        if rendition is None:
            return None
        rendition._from_cache = True  # as Wagtail marks a prefetched rendition
        found.append(rendition)
    return found


# {filter spec: the image fields its operations vary with}, in the order Filter.get_cache_key reads them.
_vary_fields: dict[str, tuple[str, ...]] = {}


def _cache_key(filter: Filter, image, keys: dict) -> str:
    """`filter.get_cache_key(image)`: the image fields its operations vary with worked out once
    per spec, and the key made once per image for filters that vary with the same fields (a
    srcset's sizes all do). `keys`: the keys made for this image so far."""
    if type(filter).get_cache_key is not Filter.get_cache_key:
        return filter.get_cache_key(image)
    fields = _vary_fields.get(filter.spec)
    if fields is None:
        fields = tuple(field for op in filter.operations for field in getattr(op, "vary_fields", []))
        _vary_fields[filter.spec] = fields
    key = keys.get(fields)
    if key is None:
        vary_string = "-".join(str(getattr(image, field, "")) for field in fields)
        # (sha1 as Wagtail makes the key: a short cache key, not a security measure)
        key = (
            hashlib.sha1(vary_string.encode("utf-8"), usedforsecurity=False).hexdigest()[:8]
            if vary_string
            else ""
        )
        keys[fields] = key
    return key


def _srcset_img(image, filters: list[Filter], attrs: dict) -> str:
    renditions = _prefetched(image, filters)
    if renditions is None:
        renditions = list(get_renditions_or_not_found(image, filters).values())
    urls = [rendition.url for rendition in renditions]  # each once (a storage call each)
    if len(renditions) > 1:  # Wagtail adds no srcset for a single size
        attrs["srcset"] = ", ".join(f"{url} {r.width}w" for url, r in zip(urls, renditions, strict=True))
    return img_tag(renditions[0], attrs, urls[0])


_specs_filters: dict[tuple[str, ...], list[Filter]] = {}


def srcset_img(image, specs: tuple[str, ...], attrs: dict) -> str:
    """What `{% srcset_image image <specs> <attrs> %}` writes for an image (not None), for markup
    written in Python: `srcset_img(photo, ("fill-{480x360,960x720}", "format-webp"), {...})`.
    The filters are built once per set of specs, as the tag keeps its own."""
    filters = _specs_filters.get(specs)
    if filters is None:
        filters = _specs_filters[specs] = [Filter(spec=spec) for spec in Filter.expand_spec(list(specs))]
    return _srcset_img(image, filters, dict(attrs))


class SrcsetImageTag(_WritesImgTag, wagtail_tags.SrcsetImageNode):
    def img(self, image, attrs: dict) -> str:
        return _srcset_img(image, self.get_filters(), attrs)


def _tag(node_class):
    def parse(parser, token):
        node = wagtail_tags.image(parser, token)  # Wagtail's parsing and its error messages
        return node_class(
            node.image_expr, node.filter_specs, output_var_name=node.output_var_name, attrs=node.attrs
        )

    return parse


register.tag("image", _tag(ImageTag))
register.tag("srcset_image", _tag(SrcsetImageTag))
