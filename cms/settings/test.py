"""Test settings: fast hashing, locmem email, temporary media, eager Celery unless REDIS_URL is set."""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import CACHES, CELERY_BROKER_URL, REDIS_URL, STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
_tmp = Path(tempfile.mkdtemp(prefix="ccne-test-media-"))
MEDIA_ROOT = _tmp / "media"
PRIVATE_MEDIA_ROOT = _tmp / "private"
if STORAGES["private"]["BACKEND"].endswith("FileSystemStorage"):
    STORAGES["private"]["OPTIONS"]["location"] = str(PRIVATE_MEDIA_ROOT)
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


def _redis_database_for(url: str, worker: str) -> str:
    """`url` with its database number moved on by the pytest-xdist worker's number (gw0 +0, gw1 +1):
    each worker has a Redis database of its own, so one worker's cache.clear() (FLUSHDB) or queued
    tasks never reach another's. The Celery worker a test starts inherits PYTEST_XDIST_WORKER and so
    lands on the same database."""
    parts = urlsplit(url)
    database = int(parts.path.lstrip("/") or 0) + int(worker.removeprefix("gw"))
    if database > 15:
        raise ValueError(
            f"{url} for xdist worker {worker}: Redis has databases 0-15; lower REDIS_URL's or -n"
        )
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, parts.fragment))


_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _XDIST_WORKER:
    if CELERY_BROKER_URL == REDIS_URL:
        CELERY_BROKER_URL = _redis_database_for(REDIS_URL, _XDIST_WORKER)
    REDIS_URL = CELERY_RESULT_BACKEND = CACHES["default"]["LOCATION"] = _redis_database_for(
        REDIS_URL, _XDIST_WORKER
    )
if REDIS_URL:
    CACHES["default"]["KEY_PREFIX"] = "ccne-test"
WHITENOISE_AUTOREFRESH = True
# Tests post forms at once; tests/security/test_anti_automation.py sets it back to prove the check.
FORM_MIN_FILL_SECONDS = 0
# A process's own copies of cached pages would outlive a test's cache.clear(): off, but for
# tests/cms/test_page_copies.py.
PAGE_CACHE_LOCAL_SECONDS = 0
# Tests that need it turn it on (tests/campaign/test_scheduled_publishing.py): elsewhere the first
# request of a test would run the command and its queries.
SCHEDULED_PUBLISHING_ON_REQUEST = False
