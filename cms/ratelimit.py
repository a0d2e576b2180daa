"""A small cache-based rate limit for public forms (apply, enquiry, event registration, contact,
job alerts, the Wagtail password reset): N posts per client per window, the client being the
visitor's address behind our own proxies (cms.client_ip). `allow_key` counts anything else by its
own name (the employers' API counts per key).

The counters live in the cache. When the cache cannot be reached the post is let through and a
warning logged: a Redis outage must not stop people applying (issue 22.1), and the minimum fill
time (cms/fill_time.py), which needs no storage, still applies."""

from __future__ import annotations

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache

from cms.client_ip import client_ip

logger = logging.getLogger(__name__)


def client_key(request) -> str:
    address = client_ip(request)
    return hashlib.sha256(address.encode()).hexdigest()[:24]


def allow(request, scope: str, *, limit: int | None = None, window: int | None = None) -> bool:
    """Count this request; False once the client has made more than `limit` in the window."""
    return allow_key(
        scope,
        client_key(request),
        limit=limit or settings.FORM_RATE_LIMIT,
        window=window or settings.FORM_RATE_WINDOW_SECONDS,
    )


def allow_key(scope: str, ident: str, *, limit: int, window: int) -> bool:
    """Count one request of `ident` (a client, an API key) in the current window of `window` seconds
    (windows start on the clock: a minute window is a clock minute); False once it has made more
    than `limit`. The count is the cache's atomic increment, so it holds with many workers."""
    key = f"ratelimit:{scope}:{ident}:{int(time.time() // window)}"
    try:
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            count = 1
    except Exception as exc:  # any cache backend's connection error: let the post through
        logger.warning("Rate limit %s not counted, the cache is unavailable: %s", scope, exc)
        return True
    return count <= limit


def seconds_left(window: int) -> int:
    """Seconds until the current window ends (a Retry-After)."""
    return max(1, int(window - time.time() % window))
