"""Markup written in Python (image tags, share tags, cards) escapes values as templates do."""

from __future__ import annotations

import html

from django.utils.functional import Promise


def escaped(value) -> str:
    """What `{{ value }}` writes for a string (`conditional_escape`): safe strings as they are,
    anything else escaped."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))
