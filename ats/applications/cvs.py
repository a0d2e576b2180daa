"""CV uploads: type from the content, size and zip-bomb limits, private storage, malware scan.

`inspect_cv(upload)` refuses anything that is not a real PDF, DOC, DOCX, ODT or RTF with a message
for the user. `store_cv(user, upload)` inspects, scans, and only then writes the file under a
generated name; the original filename survives only as sanitised display text.
"""

from __future__ import annotations

import io
import logging
import lzma
import re
import stat
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass

from botocore.exceptions import BotoCoreError, ClientError

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ats.applications.models import CV
from ats.applications.scanning import ScannerUnavailable, Verdict, get_scanner
from ats.applications.tasks import scan_cv
from cms.tasks import enqueue_on_commit

logger = logging.getLogger(__name__)

ALLOWED_DESCRIPTION = "a PDF, Word (DOC or DOCX), OpenDocument (ODT) or RTF file"
MAX_ZIP_ENTRIES = 2_000
MAX_ZIP_UNCOMPRESSED = 50 * 1024 * 1024
MAX_ZIP_RATIO = 200
UNREADABLE_NAME_MESSAGE = (
    "The file name has characters we cannot read. Rename the file using only letters, numbers, "
    "spaces and hyphens, then upload it again."
)
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
ZIP_BOMB_MESSAGE = (
    "The file expands to far more than a CV should (it may be a 'zip bomb'). "
    f"Save your CV again as {ALLOWED_DESCRIPTION}."
)
CHUNK = 64 * 1024
STORAGE_UNAVAILABLE = (
    "We could not save your file just now, so it has not been uploaded. "
    "Your other answers are kept. Try again in a few minutes."
)


class CVRejected(ValueError):
    """The upload cannot be accepted; the message is shown to the user."""


@dataclass(frozen=True)
class Detected:
    extension: str
    content_type: str


PDF = Detected("pdf", "application/pdf")
DOC = Detected("doc", "application/msword")
DOCX = Detected("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
ODT = Detected("odt", "application/vnd.oasis.opendocument.text")
RTF = Detected("rtf", "application/rtf")


SERVED_TYPES = {detected.content_type: detected for detected in (PDF, DOC, DOCX, ODT, RTF)}
UNKNOWN = Detected("bin", "application/octet-stream")
# An extension the uploader's name ends with (".pdf", ".exe", ".hta"): none of them is kept.
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,10}$")
_UNSAFE_IN_NAME = re.compile(r"[^\w\- ]+")


def served_type(content_type: str) -> Detected:
    """The type a stored file is served as: one of the types detected at upload, else a plain
    download of bytes. Never what the uploader's file name claims."""
    return SERVED_TYPES.get(content_type, UNKNOWN)


def download_name(display_name: str, detected: Detected) -> str:
    """The name a download is saved under: the uploader's name without any extension of theirs
    ("CV.pdf.exe" and "cv.hta" lose theirs), letters, digits, spaces, hyphens and underscores only,
    then the extension of the type detected from the content ("CV.pdf", "cv.pdf")."""
    stem = display_name
    while match := _EXTENSION.search(stem):
        stem = stem[: match.start()]
    stem = re.sub(r"\s+", " ", _UNSAFE_IN_NAME.sub("-", stem)).strip(" -_")[:80].strip(" -_")
    return f"{stem or 'CV'}.{detected.extension}"


def cv_download(cv: CV) -> tuple[str, Detected]:
    """(file name, type) a CV is served under."""
    detected = served_type(cv.content_type)
    return download_name(cv.original_name, detected), detected


def sanitise_filename(name: str) -> str:
    """Display text for an uploaded filename: no path, no control characters, at most 100 chars.
    Raises CVRejected for a name that was not valid UTF-8."""
    if "\ufffd" in name or any(0xD800 <= ord(ch) <= 0xDFFF for ch in name):
        raise CVRejected(UNREADABLE_NAME_MESSAGE)
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip(" .")
    if len(name) > 100:
        stem, dot, extension = name.rpartition(".")
        name = (stem[: 95 - len(extension)] + "…" + dot + extension) if dot else name[:100]
    return name or "CV"


# What reading a damaged or hostile archive can raise: a bad header or CRC (BadZipFile), a
# deflate/bzip2/LZMA stream that is corrupt or cut short, an unknown or encrypted method
# (NotImplementedError, RuntimeError), a lying size or offset (ValueError, EOFError, struct.error).
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    RuntimeError,
    ValueError,
    zlib.error,
    lzma.LZMAError,
    struct.error,
)
DAMAGED_MESSAGE = (
    f"The file is damaged, so we cannot open it. Save it again as {ALLOWED_DESCRIPTION} and upload that."
)


def _unsafe_member(entry: zipfile.ZipInfo) -> bool:
    """A member that would land outside the folder it is unpacked into, or is a link."""
    name = entry.orig_filename.replace("\\", "/")
    if name.startswith("/") or re.match(r"[A-Za-z]:", name) or "\0" in name:
        return True
    if ".." in name.split("/"):
        return True
    is_unix = entry.create_system == 3
    return is_unix and stat.S_ISLNK(entry.external_attr >> 16)


def _read_every_member(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    """Decompress every member, counting the bytes that really come out, so a central directory
    that lies about sizes, methods or checksums, a truncated stream or a zip bomb is caught here
    rather than by whoever opens the file later. zipfile checks each member's CRC at its end."""
    total = 0
    for entry in entries:
        with archive.open(entry) as handle:
            while chunk := handle.read(CHUNK):
                total += len(chunk)
                if total > MAX_ZIP_UNCOMPRESSED:
                    raise CVRejected(ZIP_BOMB_MESSAGE)


def _inspect_zip(data: bytes) -> Detected:
    """A DOCX or ODT, checked as the zip container it is: sane member names (no "../", no absolute
    paths, no links, no duplicates), count and sizes, every member readable, then the parts that
    make it a Word or OpenDocument text file."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except ZIP_ERRORS as exc:
        raise CVRejected(DAMAGED_MESSAGE) from exc
    if len(entries) > MAX_ZIP_ENTRIES:
        raise CVRejected(f"The file is not {ALLOWED_DESCRIPTION} we can open.")
    names = [entry.filename for entry in entries]
    if len(set(names)) != len(names) or any(_unsafe_member(entry) for entry in entries):
        raise CVRejected(DAMAGED_MESSAGE)
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise CVRejected(
            "The file is protected with a password, so we cannot open it. Save a copy without "
            "the password and upload that."
        )
    total = 0
    for entry in entries:
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if total > MAX_ZIP_UNCOMPRESSED or (entry.file_size > 1024 * 1024 and ratio > MAX_ZIP_RATIO):
            raise CVRejected(ZIP_BOMB_MESSAGE)
    try:
        _read_every_member(archive, entries)
        if "mimetype" in names:
            with archive.open("mimetype") as handle:
                if handle.read(100).strip() == ODT_MIMETYPE:
                    return ODT
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            with archive.open("[Content_Types].xml") as handle:
                if b"wordprocessingml" in handle.read(256 * 1024):
                    return DOCX
    except ZIP_ERRORS as exc:
        raise CVRejected(DAMAGED_MESSAGE) from exc
    raise CVRejected(f"The file is not {ALLOWED_DESCRIPTION}.")


def detect_type(data: bytes) -> Detected:
    """What the file really is, from its first bytes (and, for zip-based formats, its contents)."""
    head = data[:1024]
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(OLE2_MAGIC):
        return DOC
    if head.startswith(b"{\\rtf"):
        return RTF
    if head.startswith(b"PK\x03\x04"):
        return _inspect_zip(data)
    raise CVRejected(f"The file must be {ALLOWED_DESCRIPTION}. Its contents are not one of these.")


def read_upload(upload) -> bytes:
    """Read at most CV_MAX_BYTES + 1 bytes, so a huge upload is never held whole in memory."""
    limit = settings.CV_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise CVRejected(f"The file must be smaller than {limit // (1024 * 1024)} MB.")
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise CVRejected(f"The file must be smaller than {limit // (1024 * 1024)} MB.")
    if not data:
        raise CVRejected("The selected file is empty.")
    return data


def inspect_cv(upload) -> tuple[bytes, Detected, str]:
    display_name = sanitise_filename(upload.name or "")
    data = read_upload(upload)
    return data, detect_type(data), display_name


def store_cv(user, upload) -> CV:
    """Check and store a CV for `user`. Raises CVRejected with a message for the user.

    The scanner is asked first; a file it flags is refused and nothing is stored. If the scanner
    cannot be reached the file is stored as pending and a retrying scan task is queued."""

    data, detected, display_name = inspect_cv(upload)
    scanner = get_scanner()
    try:
        verdict, signature = scanner.scan(data)
    except ScannerUnavailable as exc:
        logger.warning("CV scan deferred for user %s: %s", user.pk, exc)
        verdict, signature = None, ""
    if verdict == Verdict.INFECTED:
        logger.warning("Refused an infected CV upload from user %s (%s)", user.pk, signature)
        raise CVRejected("The file contains a virus or malware, so we cannot accept it.")
    from django.core.files.base import ContentFile

    with transaction.atomic():
        cv = CV(
            candidate=user,
            original_name=display_name,
            content_type=detected.content_type,
            size=len(data),
            scan_status=CV.ScanStatus.CLEAN if verdict == Verdict.CLEAN else CV.ScanStatus.PENDING,
            scan_attempts=1,
            scanned_at=timezone.now() if verdict == Verdict.CLEAN else None,
        )
        try:
            cv.file.save(f"cv.{detected.extension}", ContentFile(data), save=False)
        except (OSError, BotoCoreError, ClientError) as exc:  # S3 (or the disk) unreachable: no row
            logger.warning("Could not store a CV for user %s: %s", user.pk, exc)
            raise CVRejected(STORAGE_UNAVAILABLE) from exc
        cv.save()
        if verdict is None:
            enqueue_on_commit(scan_cv, cv.pk)
    return cv


def rescan_cv(cv_id: int) -> str:
    """Scan a pending CV. Returns the new status; raises ScannerUnavailable (the caller retries).
    An infected file is deleted at once and the row kept as a record that it was refused."""
    cv = CV.objects.filter(pk=cv_id).first()
    if cv is None or cv.scan_status != CV.ScanStatus.PENDING:
        return cv.scan_status if cv else "missing"
    CV.objects.filter(pk=cv.pk).update(scan_attempts=cv.scan_attempts + 1)
    with cv.file.open("rb") as handle:
        data = handle.read()
    verdict, signature = get_scanner().scan(data)
    if verdict == Verdict.INFECTED:
        logger.warning("CV %s failed the virus check (%s); file deleted", cv.pk, signature)
        cv.file.delete(save=False)
        CV.objects.filter(pk=cv.pk).update(
            scan_status=CV.ScanStatus.INFECTED, scanned_at=timezone.now(), file=""
        )
        return CV.ScanStatus.INFECTED
    CV.objects.filter(pk=cv.pk).update(scan_status=CV.ScanStatus.CLEAN, scanned_at=timezone.now())
    return CV.ScanStatus.CLEAN


def delete_cv(cv: CV) -> None:
    """Remove the file from storage and the row."""
    if cv.file:
        cv.file.delete(save=False)
    cv.delete()
