"""Rich text made safe on the way out, whatever the database holds.

Wagtail cleans rich text when an editor saves it, but text written another way (an import, a data
migration, a script, the Django shell) is rendered as stored. Every template renders rich text with
`|safe_richtext` (campaign_tags), which expands Wagtail's links as `|richtext` does and then keeps
only the tags, attributes and URL schemes the editor can produce (nh3, the Ammonia sanitiser).
"""

from __future__ import annotations

import functools

import nh3

from django.utils.safestring import SafeString, mark_safe

from wagtail.rich_text import RichText, expand_db_html

TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "b", "strong", "i", "em", "ul", "ol", "li", "a",
    "img", "blockquote", "sup", "sub", "code", "div", "span",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title", "lang"},
    "img": {"src", "alt", "width", "height", "class"},
    "div": {"class"},
    "span": {"class", "lang"},
    "p": {"lang"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitise_html(html: str) -> SafeString:
    """Only allowed tags and attributes; no script, style, event handler or javascript: URL."""
    return mark_safe(_cleaned(str(html)))  # nosec B308 B703  # the output of the nh3 sanitiser


@functools.lru_cache(maxsize=2048)
def _cleaned(html: str) -> str:
    """nh3's answer depends only on the text (the allowed lists are fixed), so each process keeps
    its recent answers: the same paragraphs are cleaned on every render of a page otherwise."""
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None)


def render_rich_text(value) -> SafeString:
    """What `|richtext` renders (internal links and images expanded), sanitised."""
    if value is None:
        return mark_safe("")  # nosec B308  # an empty string
    source = value.source if isinstance(value, RichText) else str(value)
    return sanitise_html(expand_db_html(source))
