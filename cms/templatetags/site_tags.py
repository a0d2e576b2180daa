"""Template tags for site chrome, cookie consent and structured data."""

from __future__ import annotations

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from cms.chrome import cached_settings, current_banner
from cms.consent import consent_state

register = template.Library()

_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def load_site_settings(context) -> str:
    """Replace the settings context processor's lazy lookups with one cached fetch per site."""
    request = context.get("request")
    if request is not None:
        context["settings"] = cached_settings(request)
    return ""


@register.simple_tag(takes_context=True)
def campaign_banner(context):
    request = context.get("request")
    if request is None:
        return None
    if not hasattr(request, "_campaign_banner"):
        request._campaign_banner = current_banner()
    return request._campaign_banner


@register.simple_tag
def campaign_cookie_basis() -> str:
    """Why we may set the campaign cookie: the one wording (cms.attribution.CONSENT_BASIS)."""
    from cms.attribution import CONSENT_BASIS

    return CONSENT_BASIS


@register.simple_tag(takes_context=True)
def cookie_consent(context) -> str:
    """'' (not asked yet), 'accepted' or 'rejected'."""
    request = context.get("request")
    return consent_state(request) if request else ""


@register.simple_tag(takes_context=True)
def structured_data(context) -> str:
    page = context.get("page")
    request = context.get("request")
    if page is None or request is None or not hasattr(page, "structured_data"):
        return ""
    blocks = page.structured_data(request)
    out = [
        '<script type="application/ld+json">'
        + json.dumps(block, cls=DjangoJSONEncoder).translate(_JSON_ESCAPES)
        + "</script>"
        for block in blocks
    ]
    return mark_safe("\n".join(out))  # nosec B308 B703: JSON with <, >, & escaped, as json_script does
