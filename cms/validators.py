"""Validators shared by the campaign site's fields and blocks."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

LINK_SCHEMES = {"http", "https", "mailto", "tel"}
LINK_MESSAGE = (
    "Enter a link that starts with https://, http://, mailto: or tel:, or a path on this site "
    "that starts with / (for example /jobs/). Other kinds of link, such as javascript:, are not allowed."
)
# Browsers drop ASCII control characters and whitespace anywhere in a URL's scheme
# ("java\tscript:" runs as javascript:), so the scheme is read with them removed.
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]")


def validate_link(value: str) -> None:
    """A link an editor types: a path, a fragment or query on this site, or an http(s), mailto or
    tel address. Anything with another scheme (javascript:, data:, vbscript:, file:...) is refused."""
    if not value:
        return
    compact = _IGNORED_BY_BROWSERS.sub("", value)
    try:
        scheme = urlsplit(compact).scheme.lower()
    except ValueError:
        raise ValidationError(LINK_MESSAGE, code="invalid_link") from None
    if scheme and scheme not in LINK_SCHEMES:
        raise ValidationError(LINK_MESSAGE, code="invalid_link")
    if not scheme and ":" in compact.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        # "javascript&colon;..." is harmless once escaped, but a colon before the first slash
        # that urlsplit did not read as a scheme is never a link an editor means.
        raise ValidationError(LINK_MESSAGE, code="invalid_link")
