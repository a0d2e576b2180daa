"""Site chrome edited by marketing: header and footer navigation, social links, the campaign banner."""

from __future__ import annotations

import hashlib
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
    "sites": "chrome:sites",
    "job_search_page": "chrome:job-search-page",  # ats.JobSearchPage.current()
    "root_paths": "chrome:root-paths",  # Wagtail's Site.get_site_root_paths()
}
_MISSING = object()
_request_chrome: ContextVar[dict | None] = ContextVar("request_chrome", default=None)
# In a request's memo: the cache key of the route stored for its host and path (read with the
# pieces), and what was found there.
_ROUTE_KEY, _ROUTE = "route key", "route"


class ChromeMiddleware:
    """Site chrome is read from the cache at most once per request, whoever asks for it (the page
    routing, the templates' tags, the campaign queries), and then kept for the rest of the request.

    It also answers Wagtail's `Site.find_for_request` for the request from the same read (Wagtail
    asks the database on every request), so it goes after the page cache: a cached page needs
    neither."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        memo = {}
        if request.method in ("GET", "HEAD"):
            memo[_ROUTE_KEY] = route_key(request)
        token = _request_chrome.set(memo)
        try:
            if not hasattr(request, "_wagtail_site"):
                request._wagtail_site = site_for_request(request)
            if not hasattr(request, "_wagtail_cached_site_root_paths"):
                # Where Wagtail keeps them for the request (`pageurl`, `get_url(request)`...);
                # it would read them from the cache on first use.
                request._wagtail_cached_site_root_paths = site_root_paths()
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
        route = memo.get(_ROUTE_KEY)
        memo.clear()
        if route:
            memo[_ROUTE_KEY] = route


def _site_settings_model():
    from cms.models import SiteSettings

    return SiteSettings


def _pieces() -> dict:
    """{'generation': n, piece: value or _MISSING}: the generation and every piece in one round trip.

    A piece is stored as (generation, value) and counts only if stored under the current generation,
    so a purge (one incr) retires them all. Within a request the answer is kept (ChromeMiddleware)."""
    from django.core.cache import cache

    memo = _request_chrome.get()
    if memo and "generation" in memo:
        return memo
    keys = dict(PIECES)
    if memo and memo.get(_ROUTE_KEY):
        keys[_ROUTE] = memo[_ROUTE_KEY]
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


def route_key(request) -> str:
    """The cache key of the route stored for a request's host and path (cached_route)."""
    raw = f"{request._get_raw_host()}|{request.path_info}"
    return "chrome:route:" + hashlib.sha256(raw.encode()).hexdigest()[:40]


def cached_route(request):
    """What `store_route` kept for this request's host and path, if the chrome has not been purged
    since (a page published, unpublished, moved, renamed or deleted; a view restriction or a site
    changed); else None. Read with the rest of the chrome, in the same round trip."""
    memo = _request_chrome.get()
    if not memo or not memo.get(_ROUTE_KEY):
        return None
    found = _pieces().get(_ROUTE, _MISSING)
    return None if found is _MISSING else found


def store_route(request, value) -> None:
    """Keep `value` (what routing found for the request's path) until the next chrome purge."""
    from django.core.cache import cache

    memo = _request_chrome.get()
    if not memo or not memo.get(_ROUTE_KEY):
        return
    pieces = _pieces()
    pieces[_ROUTE] = value
    cache.set(memo[_ROUTE_KEY], (pieces["generation"], value), CHROME_SECONDS)


def site_for_request(request):
    """The Wagtail Site serving the request, as `Site.find_for_request` chooses it (the exact
    hostname and port, then the hostname if it is the default site's, then the default site unless
    exactly one other site has the hostname), from the cached list of sites: no query."""
    from django.http.request import split_domain_port

    hostname = split_domain_port(request._get_raw_host())[0]
    try:
        port = int(request.get_port())
    except (TypeError, ValueError):
        port = None

    def rank(site) -> int:
        if site.hostname == hostname and site.port == port:
            return 0
        if site.hostname == hostname and site.is_default_site:
            return 1
        return 2 if site.is_default_site else 3

    candidates = sorted(
        (
            site
            for site in chrome_piece("sites", _load_sites)
            if site.hostname == hostname or site.is_default_site
        ),
        key=rank,
    )
    if not candidates:
        return None
    if len(candidates) == 1 or rank(candidates[0]) in (0, 1):
        return candidates[0]
    return candidates[len(candidates) == 2] if rank(candidates[0]) == 2 else None


def site_root_paths() -> list:
    """Wagtail's `Site.get_site_root_paths()` (every site's root page path and URL, to build page
    URLs), from the chrome: Wagtail reads them from the cache once per request and once more for
    each page whose URL is asked for without the request (`page.url`, `page.full_url`)."""
    from wagtail.models import Site
    from wagtail.models.sites import SiteRootPath

    stored = chrome_piece("root_paths", lambda: [tuple(path) for path in Site.get_site_root_paths()])
    return [SiteRootPath(*path) for path in stored]


def request_site_root_paths() -> list | None:
    """The site root paths while a request is being served (ChromeMiddleware), else None."""
    if _request_chrome.get() is None:
        return None
    return site_root_paths()


def _load_sites() -> list:
    """Every Site with its root page. A root page whose type loads itself in full when served
    (`route_from_deferred`, the campaign pages) keeps its specific instance without the specific
    fields, so routing below it does not load the home page's own content."""
    from wagtail.contrib.routable_page.models import RoutablePageMixin
    from wagtail.models import Site

    sites = list(Site.objects.select_related("root_page").order_by("pk"))
    for site in sites:
        root = site.root_page
        page_class = root.specific_class
        if getattr(page_class, "route_from_deferred", False) and not issubclass(
            page_class, RoutablePageMixin
        ):
            root.__dict__["specific"] = root.specific_deferred
    return sites


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


def no_view_restrictions():
    """`PageViewRestriction.objects.none()`, already evaluated: what a page below no restricted page
    answers for `get_view_restrictions()`, which Wagtail iterates before serving every page.
    Iterating a fresh `none()` still compiles the query's columns before finding it empty (about
    0.3 ms); this one holds its (empty) result as a fetched queryset does, so iterating it, `bool`,
    `len` and `exists()` cost nothing, and anything chained onto it is a new, empty queryset."""
    from wagtail.models import PageViewRestriction

    restrictions = PageViewRestriction.objects.none()
    restrictions._result_cache = []
    restrictions._prefetch_done = True
    return restrictions
