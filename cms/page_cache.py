"""Server-side cache of anonymous Wagtail page responses, purged whenever a page is published.

A campaign spike (a bus advert, a TV slot) is served from the cache without touching the database.
Only pages are cached (a before_serve_page hook marks the request), only for visitors without a
session, never when the response sets a cookie, carries a CSRF token or shows a flash message.
Purging bumps a generation number, so every cached page goes at once: listings on the home page
show newly published stories and events straight away. Each entry carries the generation it was
stored under and is read together with the current generation in one `get_many`, so a cached page
costs one cache round trip (tests/cms/test_cache_round_trips.py holds it there).

Each web process also keeps what it has just read for `PAGE_CACHE_LOCAL_SECONDS` (production: 2)
in a process-local cache (Django's LocMemCache, the `page-copies` alias), so a page asked for many
times a second costs no round trip at all: the cache hit is nearly as cheap as a static file
(bench/cached_vs_static.py). A publish forgets this process's copies at once; other processes'
copies live out their seconds (browsers already keep a page for BROWSER_CACHE_SECONDS). Off where
the shared cache is itself in-process (the embedded default) and in tests, but for
tests/cms/test_page_copies.py (docs/adr/0004).

Pages that show jobs (a page whose `shows_vacancies` is true: role and area pages, pages with a
featured-jobs block) are also stored under a second number, the jobs generation, read in the same
`get_many`. The vacancy services bump it (`purge_job_pages`, after their transaction commits) when a
job is published, closed, expired, filled, deleted or edited while live, so those pages stop showing
it at once while every other cached page stays.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache, caches
from django.utils.cache import patch_cache_control, patch_vary_headers

from cms.consent import CONSENT_COOKIE

GENERATION_KEY = "pagecache:generation"
JOBS_GENERATION_KEY = "pagecache:jobs-generation"
PAGE_CACHE_SECONDS = getattr(settings, "PAGE_CACHE_SECONDS", 300)
BROWSER_CACHE_SECONDS = 60
IGNORED_PARAMS = {"utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term", "gclid", "fbclid"}
HIT_HEADER = "X-Page-Cache"
COPIES_ALIAS = "page-copies"


def local_seconds() -> float:
    """How long this process answers from its own copy of a page (0: not at all)."""
    return getattr(settings, "PAGE_CACHE_LOCAL_SECONDS", 0)


def purge_page_cache(**_kwargs) -> None:
    """Forget every cached page (called on publish, unpublish, move, delete and chrome edits)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)
    if local_seconds():
        caches[COPIES_ALIAS].clear()


def purge_job_pages() -> None:
    """Forget every cached page that shows jobs (the pages whose `shows_vacancies` is true)."""
    try:
        cache.incr(JOBS_GENERATION_KEY)
    except ValueError:
        cache.set(JOBS_GENERATION_KEY, 1, None)
    if local_seconds():
        caches[COPIES_ALIAS].clear()


def purge_page_cache_on_change(sender, instance=None, created=False, **_kwargs) -> None:
    """post_save/post_delete of site chrome; a settings row created with defaults changes nothing."""
    if not created:
        purge_page_cache()


def generation(key: str = GENERATION_KEY) -> int:
    value = cache.get(key)
    if value is None:
        cache.add(key, 1, None)
        value = cache.get(key, 1)
    return value


def cache_key(request) -> str:
    params = sorted(
        (k, v)
        for k, v in parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
        if k not in IGNORED_PARAMS
    )
    consent = request.COOKIES.get(CONSENT_COOKIE, "")
    raw = f"{request.get_host()}|{request.path}|{urlencode(params)}|{consent}"
    return "pagecache:" + hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class Generations:
    pages: int
    jobs: int | None  # None until a page that shows jobs is first stored


def lookup(key: str) -> tuple[Generations, object | None]:
    """(current generations, the cached response if it was stored under them): one round trip."""
    found = cache.get_many([GENERATION_KEY, JOBS_GENERATION_KEY, key])
    current = Generations(found.get(GENERATION_KEY), found.get(JOBS_GENERATION_KEY))
    if current.pages is None:
        return Generations(generation(), current.jobs), None
    stored = found.get(key)
    if not (isinstance(stored, tuple) and len(stored) == 3 and stored[0] == current.pages):
        return current, None
    if stored[1] is not None and stored[1] != current.jobs:
        return current, None  # it shows jobs, and jobs have changed since
    return current, stored[2]


def _entry(request, current: Generations, response) -> tuple:
    """What is stored: the generations it was made under (the jobs one only if it shows jobs)."""
    jobs = None
    if getattr(request, "page_cache_shows_jobs", False):
        jobs = current.jobs if current.jobs is not None else generation(JOBS_GENERATION_KEY)
    return (current.pages, jobs, response)


def _anonymous(request) -> bool:
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


class PageCacheMiddleware:
    """Put last in MIDDLEWARE: outer middleware (security headers, CSP, attribution) still runs on hits."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not _anonymous(request):
            return self.get_response(request)
        key = cache_key(request)
        seconds = local_seconds()
        if seconds:
            # LocMemCache hands out a fresh copy (it pickles), so the middleware above may add
            # headers and cookies to this response without touching the copy kept.
            copied = caches[COPIES_ALIAS].get(key)
            if copied is not None:
                copied[HIT_HEADER] = "hit"
                return copied
        current, cached = lookup(key)
        if cached is not None:
            if seconds:
                caches[COPIES_ALIAS].set(key, cached, seconds)
            cached[HIT_HEADER] = "hit"
            return cached
        response = self.get_response(request)
        if self._storable(request, response):
            patch_cache_control(response, public=True, max_age=BROWSER_CACHE_SECONDS)
            patch_vary_headers(response, ["Cookie"])
            response[HIT_HEADER] = "miss"
            if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
                response.add_post_render_callback(
                    lambda r: cache.set(key, _entry(request, current, r), PAGE_CACHE_SECONDS)
                )
            else:
                cache.set(key, _entry(request, current, response), PAGE_CACHE_SECONDS)
        return response

    @staticmethod
    def _storable(request, response) -> bool:
        if not getattr(request, "page_cache_allowed", False):
            return False
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
            return False
        if getattr(get_messages(request), "used", False):
            return False
        return not response.has_header("Cache-Control") or "private" not in response["Cache-Control"]


def mark_page_cacheable(page, request, serve_args, serve_kwargs):
    """before_serve_page hook: allow caching unless the page type opts out or it's a preview; note
    whether the page shows jobs (purged with them)."""
    request.page_cache_allowed = not getattr(page, "cache_exempt", False) and not getattr(
        request, "is_preview", False
    )
    request.page_cache_shows_jobs = bool(getattr(page, "shows_vacancies", False))
