"""Access to the private storage used for CVs and other personal files."""

from __future__ import annotations

from django.core.files.storage import Storage, storages
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header

PRIVATE_ALIAS = "private"


def private_storage():
    """Storage for files that must never have a public URL (CVs). S3 private prefix or a local
    folder outside MEDIA_ROOT."""
    return storages[PRIVATE_ALIAS]


class PrivateStorage(Storage):
    """`storages["private"]`, looked up on every use rather than when models are imported: Django's
    storages handler makes its storages again whenever STORAGES changes, and a FileField binds its
    storage at import time; given this object it follows the settings in force, so the S3 tests
    can point CVs at a moto server. Every Storage method is the private storage's own."""

    @staticmethod
    def target() -> Storage:
        return private_storage()

    def __getattr__(self, name):  # attributes of the storage itself (location, bucket_name...)
        return getattr(private_storage(), name)

    def open(self, name, mode="rb"):
        return self.target().open(name, mode)

    def save(self, name, content, max_length=None):
        return self.target().save(name, content, max_length=max_length)

    def get_valid_name(self, name):
        return self.target().get_valid_name(name)

    def get_alternative_name(self, file_root, file_ext):
        return self.target().get_alternative_name(file_root, file_ext)

    def get_available_name(self, name, max_length=None):
        return self.target().get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.target().generate_filename(filename)

    def path(self, name):
        return self.target().path(name)

    def delete(self, name):
        return self.target().delete(name)

    def exists(self, name):
        return self.target().exists(name)

    def listdir(self, path):
        return self.target().listdir(path)

    def size(self, name):
        return self.target().size(name)

    def url(self, name, *args, **kwargs):
        return self.target().url(name, *args, **kwargs)

    def get_accessed_time(self, name):
        return self.target().get_accessed_time(name)

    def get_created_time(self, name):
        return self.target().get_created_time(name)

    def get_modified_time(self, name):
        return self.target().get_modified_time(name)


private_files = PrivateStorage()


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
