"""Uploads whose file name is not UTF-8: make Django's parser keep them, so we can say what is wrong.

Django decodes each multipart part header as UTF-8 and silently skips a header line that fails
(a file name saved in a legacy encoding such as Windows-1252, sent by an old client). The part then
has no Content-Disposition: a small file simply vanishes (the form could only say "select a file"),
and a larger one is misread as the next part's headers and the whole request fails with a bare
"Bad Request" page. `UnreadableFilenameHandler` runs first in FILE_UPLOAD_HANDLERS and, as the body
streams past, rewrites such a header line with U+FFFD in place of the bytes it cannot decode. The
part then reaches the form as a file whose name contains U+FFFD, and
`ats.services.cvs.sanitise_filename` refuses it with a message that names the problem.
"""

from __future__ import annotations

import re

from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest

# A whole part-header line: it follows a CRLF and ends at a CRLF (or where a read was cut, which is
# always at a CRLF). File contents are never rewritten unless they hold such a line with bytes that
# are not UTF-8, and then only that line.
DISPOSITION = re.compile(rb"\r\ncontent-disposition:[^\r\n]*(?=\r\n|\Z)", re.IGNORECASE)
# Django refuses a part's header block over 1,024 bytes, so a longer line can be left alone.
HOLD = 1024


def _repair(data: bytes) -> bytes:
    def fix(match: re.Match) -> bytes:
        line = match.group(0)
        try:
            line.decode()
        except UnicodeDecodeError:
            return line.decode("utf-8", "replace").encode()
        return line

    return DISPOSITION.sub(fix, data)


class _HeaderRepair:
    """Wraps a `read(size)` callable. Holds back the end of each read (from its last CRLF, at most
    HOLD bytes) so that a header line split across two reads is seen whole."""

    def __init__(self, read):
        self._read = read
        self._held = b"\r\n"  # the first part header follows the boundary line: give it a CRLF too
        self._started = False

    def _emit(self, data: bytes) -> bytes:
        data = _repair(data)
        if not self._started and data:
            self._started = True
            data = data[2:]  # the CRLF added in __init__
        return data

    def read(self, *args, **kwargs) -> bytes:
        while True:
            data = self._read(*args, **kwargs)
            if not data:  # end of the body: let go of what was held
                rest, self._held = self._held, b""
                return self._emit(rest) if rest != b"\r\n" or self._started else b""
            data = self._held + data
            cut = data.rfind(b"\r\n", max(0, len(data) - HOLD))
            if cut == -1:
                cut = len(data) - HOLD
            if cut <= 0:
                self._held = data
                continue
            out, self._held = data[:cut], data[cut:]
            return self._emit(out)


class UnreadableFilenameHandler(FileUploadHandler):
    """Repairs undecodable part headers on the way in (see the module docstring); passes every
    chunk of every file on to the next handler unchanged."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if isinstance(input_data, HttpRequest):  # not a body already read into a BytesIO
            input_data.read = _HeaderRepair(input_data.read).read
        return None  # let Django's parser do the work

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None
