"""Template tags that hand the site chrome's templates their data: settings, consent, the banner,
the share image's URL and the page's structured data."""

from __future__ import annotations

import functools
import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.utils.safestring import mark_safe

from wagtail.images.models import Filter
from wagtail.images.shortcuts import get_rendition_or_not_found

from cms.chrome import SHARE_IMAGE_SPEC, Banner, ShareImage, cached_settings, current_banner
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


@register.simple_tag
def campaign_cookie_basis() -> str:
    """Why we may set the campaign cookie: the one wording (cms.attribution.CONSENT_BASIS)."""
    from cms.attribution import CONSENT_BASIS

    return CONSENT_BASIS


@register.simple_tag(takes_context=True)
def structured_data(context) -> list[dict]:
    """The page's schema.org items (`page.structured_data(request)`), for
    components/structured_data.html to write each in its own script element."""
    page = context.get("page")
    request = context.get("request")
    if page is None or request is None or not hasattr(page, "structured_data"):
        return []
    return page.structured_data(request)


@register.filter
def json_ld(value) -> str:
    """`value` as JSON for a `<script type="application/ld+json">` element, with <, > and &
    written as JSON escapes as `json_script` writes them, so the text cannot end the element.
    (json_script itself always writes `type="application/json"`.)"""
    return mark_safe(json.dumps(value, cls=DjangoJSONEncoder).translate(_JSON_ESCAPES))  # nosec B308 B703  # JSON, <, >, & escaped


_SHARE_FILTER = Filter(spec=SHARE_IMAGE_SPEC)


@register.simple_tag
def share_image_url(share) -> str:
    """The URL of a page's share image at the size cms.chrome.SHARE_IMAGE_SPEC makes ahead
    (components/seo_meta.html). The site's default image comes from the chrome already as its
    rendition's URL (a `ShareImage`)."""
    if isinstance(share, ShareImage):
        return share.url
    return get_rendition_or_not_found(share, _SHARE_FILTER).url


# The site chrome: base.html includes one template per piece (templates/components/cookie_banner.html,
# campaign_banner.html, header.html, breadcrumbs.html, messages.html, footer.html,
# analytics_script.html); these tags only hand those templates their data.


@register.simple_tag(takes_context=True)
def cookie_consent(context) -> str:
    """The visitor's analytics cookie choice: '' (not asked yet), 'accepted' or 'rejected'."""
    request = context.get("request")
    return consent_state(request) if request is not None else ""


@register.simple_tag(takes_context=True)
def current_campaign_banner(context) -> Banner | None:
    """The campaign banner to show now (plain values from the chrome cache), or None."""
    return current_banner() if context.get("request") is not None else None


@functools.cache
def static_url(path: str) -> str:
    """`{% static path %}` for the chrome's own files, worked out once per process: the storage's
    answer for a path is fixed while the process runs. Settings changed in tests clear it."""
    return static(path)


@receiver(setting_changed)
def _forget_static_urls(*, setting: str, **_kwargs) -> None:
    if setting in {"STORAGES", "STATIC_URL", "STATIC_ROOT", "DEBUG", "INSTALLED_APPS"}:
        static_url.cache_clear()


@register.simple_tag
def chrome_static(path: str) -> str:
    """`{% static path %}` for base.html's fixed files, looked up once per process."""
    return static_url(path)
