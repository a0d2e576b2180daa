"""Test settings: fast hashing, locmem email, temporary media, eager Celery unless REDIS_URL is set."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import CACHES, REDIS_URL, STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
_tmp = Path(tempfile.mkdtemp(prefix="ccne-test-media-"))
MEDIA_ROOT = _tmp / "media"
PRIVATE_MEDIA_ROOT = _tmp / "private"
if STORAGES["private"]["BACKEND"].endswith("FileSystemStorage"):
    STORAGES["private"]["OPTIONS"]["location"] = str(PRIVATE_MEDIA_ROOT)
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
if REDIS_URL:
    CACHES["default"]["KEY_PREFIX"] = "ccne-test"
WHITENOISE_AUTOREFRESH = True
# Tests post forms at once; tests/security/test_anti_automation.py sets it back to prove the check.
FORM_MIN_FILL_SECONDS = 0
