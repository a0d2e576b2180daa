"""Django's Redis cache backend, treating a Redis that is down or frozen as an empty cache.

The cache is optional at run time (docs/security.md, "Availability"): every read that fails is a
miss, every write that fails is dropped (`add` says it stored the value: see there), and `incr` of
a key the cache can't reach raises ValueError as for a missing key. After a failure the backend does not call Redis again for
`RETRY_AFTER` seconds (a CACHES entry key, default 10), so a frozen Redis costs one socket timeout
per thread per interval rather than one per cache call; the first failure of each outage is logged.
"""

from __future__ import annotations

import contextlib
import logging
import time

from redis.exceptions import RedisError

from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT

logger = logging.getLogger(__name__)


class CacheUnavailable(Exception):
    """Redis did not answer (or is resting after a failure): the caller serves without the cache."""


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self.retry_after = float(params.get("RETRY_AFTER", 10))
        self.unavailable_until = 0.0

    def available(self) -> bool:
        """False while resting after a failure (no Redis call is made until RETRY_AFTER passes)."""
        return time.monotonic() >= self.unavailable_until

    def call(self, method, *args, **kwargs):
        """`method(*args, **kwargs)`, or CacheUnavailable if Redis is resting or fails now."""
        if not self.available():
            raise CacheUnavailable
        try:
            return method(*args, **kwargs)
        except RedisError as exc:
            self.unavailable_until = time.monotonic() + self.retry_after
            logger.warning(
                "Cache unavailable (%s: %s); serving without it for %ss",
                exc.__class__.__name__,
                exc,
                self.retry_after,
            )
            raise CacheUnavailable from exc

    def get(self, key, default=None, version=None):
        try:
            return self.call(super().get, key, default, version)
        except CacheUnavailable:
            return default

    def get_many(self, keys, version=None):
        try:
            return self.call(super().get_many, keys, version)
        except CacheUnavailable:
            return {}

    def has_key(self, key, version=None):
        try:
            return self.call(super().has_key, key, version)
        except CacheUnavailable:
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        """True ("added") while Redis is unavailable: the locks and once-only marks built on `add`
        (allauth's rate-limit lock, its used-TOTP-code mark) let the request through rather than
        refuse every sign-in until Redis is back. Rate limits fail open (docs/security.md)."""
        try:
            return self.call(super().add, key, value, timeout, version)
        except CacheUnavailable:
            return True

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with contextlib.suppress(CacheUnavailable):
            self.call(super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return self.call(super().set_many, data, timeout, version)
        except CacheUnavailable:
            return list(data)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return self.call(super().touch, key, timeout, version)
        except CacheUnavailable:
            return False

    def delete(self, key, version=None):
        try:
            return self.call(super().delete, key, version)
        except CacheUnavailable:
            return False

    def delete_many(self, keys, version=None):
        with contextlib.suppress(CacheUnavailable):
            self.call(super().delete_many, keys, version)

    def incr(self, key, delta=1, version=None):
        try:
            return self.call(super().incr, key, delta, version)
        except CacheUnavailable:
            raise ValueError(f"Key '{key}' not found: the cache is unavailable") from None

    def clear(self):
        try:
            return self.call(super().clear)
        except CacheUnavailable:
            return False
