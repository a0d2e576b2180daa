"""Template tags that hand the site chrome's templates their data, share tags and structured data."""

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
from cms.markup import escaped as _e

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
    return mark_safe("\n".join(out))  # nosec B308 B703  # JSON with <, >, & escaped, as json_script does


def _first(*values) -> str:
    """`{% firstof %}`: the first true value, escaped, else ''."""
    return next((_e(value) for value in values if value), "")


_SITE_SETTINGS = template.Variable("settings.cms.SiteSettings")
_SHARE_FILTER = Filter(spec=SHARE_IMAGE_SPEC)


@register.simple_tag(takes_context=True)
def seo_meta(context) -> str:
    """The canonical link and the Open Graph and Twitter tags of a page (components/seo_meta.html
    before session 8, byte for byte), from the page or from `canonical_url`, `og_title` and
    `og_description` in the context. Written in Python: as a template it cost about 0.35 ms of
    every uncached page (three `firstof`s twice, the `image` tag, a dozen lookups)."""
    page = context.get("page")
    request = context.get("request")
    try:
        site_settings = _SITE_SETTINGS.resolve(context)
    except template.VariableDoesNotExist:
        site_settings = None
    brand_name = getattr(site_settings, "brand_name", "")
    tagline = getattr(site_settings, "tagline", "")
    canonical = context.get("canonical_url") or getattr(page, "full_url", None)
    canonical = _e(canonical) if canonical else ""
    title = _first(context.get("og_title"), getattr(page, "seo_title", None), getattr(page, "title", None))
    description = _first(context.get("og_description"), getattr(page, "search_description", None), tagline)
    share = getattr(page, "share_image_for_meta", None) or getattr(site_settings, "default_share_image", None)
    out = [
        f"\n  {f'<link rel="canonical" href="{canonical}">' if canonical else ''}\n"
        '  <meta property="og:type" content="website">\n'
        f'  <meta property="og:site_name" content="{_e(brand_name)}">\n'
        f'  <meta property="og:title" content="{title}">\n'
        f'  <meta property="og:description" content="{description}">\n'
        f"  {f'<meta property="og:url" content="{canonical}">' if canonical else ''}\n  "
    ]
    if share:
        # The site's default image comes from the chrome as its share rendition's URL (ShareImage).
        url = (
            share.url
            if isinstance(share, ShareImage)
            else get_rendition_or_not_found(share, _SHARE_FILTER).url
        )
        host = f"{_e(request.scheme)}://{_e(request.get_host())}" if request is not None else "://"
        image_url = f"{host}{_e(url)}"
        out.append(
            f'\n  <meta property="og:image" content="{image_url}">\n'
            '  <meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">\n'
            f'  <meta property="og:image:alt" content="{_e(share.alt)}">\n'
            '  <meta name="twitter:card" content="summary_large_image">\n'
            f'  <meta name="twitter:image" content="{image_url}">'
        )
    else:
        out.append('\n  <meta name="twitter:card" content="summary">')
    out.append(
        f'\n  <meta name="twitter:title" content="{title}">\n'
        f'  <meta name="twitter:description" content="{description}">\n'
    )
    return mark_safe("".join(out))  # nosec B308 B703  # every value is escaped above


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
