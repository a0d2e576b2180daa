"""Access to the private storage used for CVs and other personal files; public files' URLs."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.utils.functional import LazyObject, empty
from django.utils.http import content_disposition_header

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


# A stored upload is never a page of this site: no script, no plugin, no same-origin access.
DOWNLOAD_CSP = "sandbox; default-src 'none'"


def signed_url(
    name: str, *, filename: str, content_type: str, inline: bool = False, expire: int | None = None
) -> str | None:
    """A short-lived signed URL for a private file on S3; None on local storage, where files are
    served only through permission-checked views. The URL makes S3 answer with the given name and
    type as an attachment (ResponseContentDisposition/ResponseContentType), whatever the object's
    own metadata says."""
    storage = private_storage()
    if not hasattr(storage, "bucket_name"):
        return None
    parameters = {
        "ResponseContentDisposition": content_disposition_header(not inline, filename),
        "ResponseContentType": content_type,
        "ResponseCacheControl": "private, no-store",
    }
    return storage.url(name, parameters=parameters, expire=expire)


def private_file_response(file, *, filename: str, content_type: str, inline: bool = False) -> HttpResponse:
    """A download of a private file (callers check permission first) under `filename` and
    `content_type`, which the caller derives from the type detected in the content, never from
    the uploader's name: a redirect to a signed URL on S3, else streamed with
    `Content-Disposition: attachment`, `nosniff` and a sandboxing CSP."""
    url = signed_url(file.name, filename=filename, content_type=content_type, inline=inline)
    if url:
        return HttpResponseRedirect(url)
    response = FileResponse(
        file.open("rb"), as_attachment=not inline, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    return response


# File names whose URL is the storage's base URL followed by the name unchanged: segments of
# letters, digits, "_", "-" and "." (none "." or "..", none empty), nothing quote() would escape.
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_\-][A-Za-z0-9_.\-]*(?:/[A-Za-z0-9_\-][A-Za-z0-9_.\-]*)*")
_plain_bases: dict[str, bool] = {}


def _plain_base(storage) -> str | None:
    """The base URL of a local FileSystemStorage (default_storage unwrapped) when urljoin() keeps
    it as it is in front of a plain relative name; else None."""
    if issubclass(type(storage), LazyObject):
        storage = storage._wrapped  # (`empty` until first used: then not a FileSystemStorage)
    if type(storage) is not FileSystemStorage:  # (a subclass may have its own url())
        return None
    base = storage.base_url
    plain = _plain_bases.get(base)
    if plain is None:
        parts = urlsplit(base)
        plain = _plain_bases[base] = (
            base.endswith("/")
            and parts.scheme in ("", "http", "https")
            and not parts.query
            and not parts.fragment
            and urljoin(base, "a/b.c") == base + "a/b.c"
        )
    return base if plain else None


def plain_url(storage, name: str) -> str | None:
    """`storage.url(name)` for a plain name on the local FileSystemStorage: the base URL and the
    name joined, the URL Django's urljoin and quote make of them (an image rendition's URL took a
    LazyObject proxy, quote, urlparse twice and urljoin); None for anything else."""
    base = _plain_base(storage) if name else None
    if base is None or not _PLAIN_NAME.fullmatch(name):
        return None
    return base + name


def file_url(file) -> str:
    """`file.url` (a FieldFile's), by `plain_url` when it can."""
    url = plain_url(file.storage, file.name)
    return file.url if url is None else url
