"""Markup written in Python (image tags, share tags, cards) escapes values as templates do."""

from __future__ import annotations

import html
import re

from django.utils.functional import Promise


def escaped(value) -> str:
    """What `{{ value }}` writes for a string (`conditional_escape`): safe strings as they are,
    anything else escaped.

    A plain `str` (most values: titles, URLs, alt text) without any of the five characters
    html.escape replaces is returned as it is, which is what html.escape returns for it, without
    its five replace calls; a home page escapes some 240 values."""
    if type(value) is str:
        if "&" in value or "<" in value or ">" in value or '"' in value or "'" in value:
            return html.escape(value)
        return value
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


# Tags of rich text (Wagtail's editor writes these) whose removal by a regular expression is what
# Django's HTMLParser-based strip_tags does: a known name (ASCII, any case), attributes whose
# values hold no < or >.
_RICH_TEXT_TAGS = (
    "a|abbr|b|blockquote|br|code|del|div|em|embed|h1|h2|h3|h4|h5|h6|hr|i|ins|li|ol|p|s|small|span|"
    "strong|sub|sup|u|ul"
)
_WS = r"[ \t\n\r\f]"
_TAG = re.compile(
    rf"<(?:(?:{_RICH_TEXT_TAGS})"
    rf"(?:{_WS}++[a-z_:][-a-z0-9_:.]*(?:{_WS}*={_WS}*(?:\"[^\"<>]*\"|'[^'<>]*'|[^ \t\n\r\f\"'<>=`]+))?)*"
    rf"{_WS}*/?|/(?:{_RICH_TEXT_TAGS}){_WS}*)>",
    re.ASCII | re.IGNORECASE,
)
# Every & starts a complete entity or character reference (with its ;), which HTMLParser gives
# back as it is; a bare & (or one without its ;) it may rewrite.
_BARE_AMPERSAND = re.compile(r"&(?![a-zA-Z][a-zA-Z0-9]*;|#[0-9]+;|#[xX][0-9a-fA-F]+;)")


def strip_tags(value) -> str:
    """Django's `strip_tags`, the same text, for rich text in a fraction of the time.

    Django feeds the text to an HTMLParser, twice (the second time to see that nothing is left).
    Text made only of plain tags of rich text (`_RICH_TEXT_TAGS`, attributes without < or > in
    their values), complete entities and text without < is stripped here by removing the tags,
    which is what the parser does with such text; anything else (comments, scripts, a stray <,
    other tags) goes to Django's."""
    from django.utils.html import strip_tags as django_strip_tags

    value = str(value)
    if "<" not in value or ">" not in value:
        return value
    text = _TAG.sub("", value)
    if "<" in text or _BARE_AMPERSAND.search(value):
        return django_strip_tags(value)
    return text
