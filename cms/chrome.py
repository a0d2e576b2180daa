"""Site chrome edited by marketing: header and footer navigation, social links, the campaign banner."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils import timezone

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from cms.blocks import LinkStructBlock, PageChooserBlock
from cms.validators import validate_link


class NavLinkValue(blocks.StructValue):
    @property
    def href(self) -> str:
        page = self.get("page")
        if page:
            return page.url or ""
        return self.get("url") or ""


class NavLinkBlock(LinkStructBlock):
    text = blocks.CharBlock(max_length=60)
    page = PageChooserBlock(required=False)
    url = blocks.CharBlock(required=False, max_length=300, help_text="Use instead of a page, e.g. /jobs/")

    class Meta:
        icon = "link"
        value_class = NavLinkValue
        preview_value = {"text": "Find a job", "url": "/jobs/"}


class SocialLinkBlock(blocks.StructBlock):
    network = blocks.ChoiceBlock(
        choices=[
            ("facebook", "Facebook"),
            ("instagram", "Instagram"),
            ("linkedin", "LinkedIn"),
            ("tiktok", "TikTok"),
            ("x", "X"),
            ("youtube", "YouTube"),
        ]
    )
    url = blocks.URLBlock()

    class Meta:
        icon = "site"


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting):
    """Header navigation, footer links and social links. Edited in Settings > Navigation."""

    header_links = StreamField([("link", NavLinkBlock())], blank=True)
    footer_links = StreamField([("link", NavLinkBlock())], blank=True)
    social_links = StreamField([("social", SocialLinkBlock())], blank=True)
    analytics_enabled = models.BooleanField(
        default=False,
        help_text="Load the site's own analytics script for visitors who accept analytics cookies.",
    )

    panels = [
        FieldPanel("header_links"),
        FieldPanel("footer_links"),
        FieldPanel("social_links"),
        MultiFieldPanel([FieldPanel("analytics_enabled")], heading="Analytics (only after consent)"),
    ]

    class Meta:
        verbose_name = "navigation"


class CampaignBannerQuerySet(models.QuerySet):
    def current(self):
        now = timezone.now()
        return self.filter(active=True).filter(
            Q(show_from__isnull=True) | Q(show_from__lte=now),
            Q(show_until__isnull=True) | Q(show_until__gt=now),
        )


class CampaignBanner(models.Model):
    """A site-wide banner for a campaign (a recruitment week, a job fair). The newest current one shows."""

    text = models.CharField(max_length=200)
    link_text = models.CharField(max_length=60, blank=True)
    link_url = models.CharField(max_length=300, blank=True, validators=[validate_link])
    active = models.BooleanField(default=True)
    show_from = models.DateTimeField(null=True, blank=True)
    show_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignBannerQuerySet.as_manager()

    panels = [
        FieldPanel("text"),
        FieldPanel("link_text"),
        FieldPanel("link_url"),
        FieldPanel("active"),
        FieldPanel("show_from"),
        FieldPanel("show_until"),
    ]

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text


# The size pages are shared at (Open Graph, Twitter), as {% seo_meta %} (site_tags) asks for it.
SHARE_IMAGE_SPEC = "fill-1200x630|format-jpeg"
CHROME_GENERATION_KEY = "chrome:generation"
CHROME_SECONDS = 300
# Every piece of chrome, read together. Settings are one entry for all sites: {site id: settings}.
# A piece whose stored form changes gets a new key, so that while a release rolls out, processes
# of the old and the new code never unpickle each other's (settings and banner: plain values, v2).
PIECES = {
    "settings": "chrome:settings-v3",  # v3: plain values only (no pickled markup class)
    "banner": "chrome:banner-v2",
    "restricted": "chrome:restricted",
    "job_search_page": "chrome:job-search-page",  # ats.JobSearchPage.current()
}
_MISSING = object()
_request_chrome: ContextVar[dict | None] = ContextVar("request_chrome", default=None)


class ChromeMiddleware:
    """Site chrome is read from the cache at most once per request, whoever asks for it (the
    templates' tags, the campaign queries), and then kept for the rest of the request. It goes
    after the page cache: a cached page needs none of it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_chrome.set({})
        try:
            return self.get_response(request)
        finally:
            _request_chrome.reset(token)


def purge_chrome_cache(sender=None, created=False, **_kwargs) -> None:
    from django.core.cache import cache

    if created and sender in (NavigationSettings, _site_settings_model()):
        return  # a settings row created on first read holds only defaults

    try:
        cache.incr(CHROME_GENERATION_KEY)
    except ValueError:
        cache.set(CHROME_GENERATION_KEY, 1, None)
    memo = _request_chrome.get()
    if memo is not None:
        memo.clear()


def _site_settings_model():
    from cms.models import SiteSettings

    return SiteSettings


def _pieces() -> dict:
    """{'generation': n, piece: value or _MISSING}: the generation and every piece in one round trip.

    A piece is stored as (generation, value) and counts only if stored under the current generation,
    so a purge (one incr) retires them all. Within a request the answer is kept (ChromeMiddleware)."""
    from django.core.cache import cache

    memo = _request_chrome.get()
    if memo is not None and "generation" in memo:
        return memo
    keys = dict(PIECES)
    found = cache.get_many([CHROME_GENERATION_KEY, *keys.values()])
    current = found.get(CHROME_GENERATION_KEY)
    if current is None:
        cache.add(CHROME_GENERATION_KEY, 1, None)
        current = cache.get(CHROME_GENERATION_KEY, 1)
    pieces = {"generation": current}
    for name, key in keys.items():
        stored = found.get(key)
        fresh = isinstance(stored, tuple) and len(stored) == 2 and stored[0] == current
        pieces[name] = stored[1] if fresh else _MISSING
    if memo is None:
        return pieces
    memo.update(pieces)
    return memo


def chrome_piece(name: str, compute):
    """One piece of chrome (a name in PIECES), computed and stored for everyone when missing or out
    of date. Kept until the next purge (page publish, unpublish, move or delete; chrome edits) or
    for CHROME_SECONDS."""
    from django.core.cache import cache

    pieces = _pieces()
    if pieces[name] is _MISSING:
        pieces[name] = compute()
        cache.set(PIECES[name], (pieces["generation"], pieces[name]), CHROME_SECONDS)
    return pieces[name]


@dataclass(frozen=True)
class NavLink:
    text: str
    href: str


@dataclass(frozen=True)
class SocialLink:
    network: str
    url: str


@dataclass(frozen=True)
class Navigation:
    """NavigationSettings as the templates read it, with chosen pages resolved to their URLs.

    What the chrome cache keeps: a pickled StreamValue keeps only its raw data, so the cached
    NavigationSettings looked its chosen pages up again (a query per link list) on every page."""

    header_links: tuple[NavLink, ...] = ()
    footer_links: tuple[NavLink, ...] = ()
    social_links: tuple[SocialLink, ...] = ()
    analytics_enabled: bool = False

    @classmethod
    def from_settings(cls, nav: NavigationSettings) -> Navigation:
        def links(stream) -> tuple[NavLink, ...]:
            return tuple(NavLink(link.value["text"], link.value.href) for link in stream)

        return cls(
            header_links=links(nav.header_links),
            footer_links=links(nav.footer_links),
            social_links=tuple(
                SocialLink(link.value["network"], link.value["url"]) for link in nav.social_links
            ),
            analytics_enabled=nav.analytics_enabled,
        )


@dataclass(frozen=True)
class ShareImage:
    """The site's default share image as {% seo_meta %} writes it: the URL of its share-size
    rendition (SHARE_IMAGE_SPEC; Wagtail's "not-found" one when the file is missing) and its alt
    text."""

    url: str
    alt: str


@dataclass(frozen=True)
class SiteValues:
    """SiteSettings as the templates and tags read it (`settings.cms.SiteSettings`), in plain values.

    What the chrome cache keeps instead of the model: unpickling a SiteSettings with its share
    image and the image's renditions (six model instances) cost every uncached page about
    0.4 M instructions, and all anyone reads are these fields."""

    brand_name: str
    tagline: str
    contact_email: str
    contact_phone: str
    privacy_page_id: int | None
    default_share_image: ShareImage | None

    @classmethod
    def from_settings(cls, site_settings) -> SiteValues:
        """The values of a SiteSettings, its share image's rendition made now if it is new."""
        from wagtail.images.shortcuts import get_rendition_or_not_found

        from cms.images import attach_renditions

        share = None
        image = site_settings.default_share_image
        if image is not None:
            attach_renditions([image])
            share = ShareImage(url=get_rendition_or_not_found(image, SHARE_IMAGE_SPEC).url, alt=image.alt)
        return cls(
            brand_name=site_settings.brand_name,
            tagline=site_settings.tagline,
            contact_email=site_settings.contact_email,
            contact_phone=site_settings.contact_phone,
            privacy_page_id=site_settings.privacy_page_id,
            default_share_image=share,
        )


def cached_settings(request) -> dict:
    """{'cms': {'SiteSettings': SiteValues, 'NavigationSettings': Navigation}} for the request's
    site, cached until the chrome changes. Reading them costs no query (the site's default share
    image is kept as its share rendition's URL and alt text, and navigation links as text and URLs)."""
    from django.core.cache import cache

    from wagtail.models import Site

    from cms.models import SiteSettings

    site = Site.find_for_request(request)
    if site is None:
        return {"cms": {"SiteSettings": SiteSettings(), "NavigationSettings": Navigation()}}
    pieces = _pieces()
    by_site = pieces["settings"] if pieces["settings"] is not _MISSING else {}
    found = by_site.get(site.pk)
    if found is None:
        found = _settings_for_site(site)
        pieces["settings"] = by_site = {**by_site, site.pk: found}
        cache.set(PIECES["settings"], (pieces["generation"], by_site), CHROME_SECONDS)
    return {"cms": found}


def _settings_for_site(site) -> dict:
    """What the templates read as settings.cms (plain values), ready to cache."""
    from cms.models import SiteSettings

    values = SiteValues.from_settings(SiteSettings.for_site(site))
    nav = Navigation.from_settings(NavigationSettings.for_site(site))
    return {"SiteSettings": values, "NavigationSettings": nav}


@dataclass(frozen=True)
class Banner:
    """The current CampaignBanner as the chrome shows it, kept in plain values (unpickling the
    model instance cost more than the banner's markup)."""

    text: str
    link_text: str
    link_url: str


def current_banner() -> Banner | None:
    """The banner to show now, from the cache (refreshed on any purge and every five minutes)."""

    def newest() -> Banner | None:
        banner = CampaignBanner.objects.current().first()
        return None if banner is None else Banner(banner.text, banner.link_text, banner.link_url)

    return chrome_piece("banner", newest)


def restricted_page_paths() -> list[str]:
    """Tree paths of pages with a view restriction (usually none), cached."""
    from wagtail.models import PageViewRestriction

    return chrome_piece(
        "restricted", lambda: list(PageViewRestriction.objects.values_list("page__path", flat=True))
    )
