"""Access to the private storage used for CVs and other personal files; public files' URLs."""

from __future__ import annotations

from django.core.files.storage import storages
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
