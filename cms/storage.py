"""Access to the private storage used for CVs and other personal files."""

from __future__ import annotations

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

PRIVATE_ALIAS = "private"


def private_storage():
    """Storage for files that must never have a public URL (CVs). S3 private prefix or a local
    folder outside MEDIA_ROOT."""
    return storages[PRIVATE_ALIAS]


class PrivateStorage(LazyObject):
    """`storages["private"]`, looked up when first used rather than when models are imported, and
    again whenever STORAGES changes (as Django does for `default_storage`). A FileField binds its
    storage at import time; given this object it follows the settings in force, so the S3 tests
    can point CVs at a moto server."""

    def _setup(self):
        self._wrapped = private_storage()


private_files = PrivateStorage()


@receiver(setting_changed)
def _private_storage_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        private_files._wrapped = empty


def signed_url(name: str, *, expire: int | None = None) -> str | None:
    """A short-lived signed URL for a private file on S3; None on local storage, where files are
    served only through permission-checked views."""
    storage = private_storage()
    if not hasattr(storage, "bucket_name"):
        return None
    return storage.url(name, expire=expire) if expire else storage.url(name)
