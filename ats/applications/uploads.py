"""Uploads whose file name is not UTF-8: make Django's parser keep them, so we can say what is wrong.

Django decodes each multipart part header as UTF-8 and silently skips a header line that fails
(a file name saved in a legacy encoding such as Windows-1252, sent by an old client). The part then
has no Content-Disposition: a small file simply vanishes (the form could only say "select a file"),
and a larger one is misread as the next part's headers and the whole request fails with a bare
"Bad Request" page. `UnreadableFilenameHandler` runs first in FILE_UPLOAD_HANDLERS and, as the body
streams past, rewrites such a header line with U+FFFD in place of the bytes it cannot decode. The
part then reaches the form as a file whose name contains U+FFFD, and
`ats.applications.cvs.sanitise_filename` refuses it with a message that names the problem.
"""

from __future__ import annotations

import re

from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest

# Django reads a part's header block from at most the first 1,024 bytes after its boundary line.
HEADER_LIMIT = 1024


class _HeaderRepair:
    """Wraps a `read(size)` callable. Only the header block that follows a boundary line is ever
    looked at, so file contents (which cannot contain the boundary) are never changed. The end of
    each read is held back while it could hold part of a boundary line and its headers."""

    def __init__(self, read, boundary: bytes):
        self._read = read
        self._boundary = b"--" + boundary
        self._hold = len(self._boundary) + 2 + HEADER_LIMIT
        self._held = b""
        self._disposition = re.compile(
            rb"(" + re.escape(self._boundary) + rb"\r\n(?:(?!content-disposition:)[^\r\n]*\r\n){0,20}?)"
            rb"(content-disposition:[^\r\n]*)",
            re.IGNORECASE,
        )

    def _repair(self, data: bytes) -> bytes:
        def fix(match: re.Match) -> bytes:
            line = match.group(2)
            try:
                line.decode()
            except UnicodeDecodeError:
                line = line.decode("utf-8", "replace").encode()
            return match.group(1) + line

        return self._disposition.sub(fix, data)

    def read(self, *args, **kwargs) -> bytes:
        while True:
            data = self._read(*args, **kwargs)
            if not data:  # end of the body: let go of what was held
                rest, self._held = self._held, b""
                return self._repair(rest)
            data = self._held + data
            # Cut before the last boundary that is too recent for its headers to be complete;
            # with none, everything but the last `hold` bytes is safe to pass on.
            window = max(0, len(data) - self._hold)
            cut = data.rfind(self._boundary, window)
            if cut == -1:
                cut = window
            if cut == 0:
                self._held = data
                continue
            out, self._held = data[:cut], data[cut:]
            return self._repair(out)


class UnreadableFilenameHandler(FileUploadHandler):
    """Repairs undecodable part headers on the way in (see the module docstring); passes every
    chunk of every file on to the next handler unchanged."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if isinstance(input_data, HttpRequest) and boundary:  # not a body already read into a BytesIO
            if isinstance(boundary, str):
                boundary = boundary.encode("ascii")
            input_data.read = _HeaderRepair(input_data.read, boundary).read
        return None  # let Django's parser do the work

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None
