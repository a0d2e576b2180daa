"""Access to the private storage used for CVs and other personal files."""

from __future__ import annotations

from django.core.files.storage import storages


def private_storage():
    """Storage for files that must never have a public URL (CVs). S3 private prefix or a local
    folder outside MEDIA_ROOT."""
    return storages["private"]


def signed_url(name: str, *, expire: int | None = None) -> str | None:
    """A short-lived signed URL for a private file on S3; None on local storage, where files are
    served only through permission-checked views."""
    storage = private_storage()
    if not hasattr(storage, "bucket_name"):
        return None
    return storage.url(name, expire=expire) if expire else storage.url(name)
