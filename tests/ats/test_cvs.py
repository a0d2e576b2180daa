"""CV uploads: real files accepted and stored privately; the attack corpus refused, nothing stored."""

import io
import socket
import struct
import threading
import zipfile
from pathlib import Path

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from ats.applications.cvs import store_cv
from ats.applications.scanning import EICAR_SIGNATURE, ClamdScanner, ScannerUnavailable, Verdict
from ats.applications.tasks import scan_backoff_seconds, scan_cv
from ats.models import CV
from tests.ats.jobseeker_fixtures import eager_tasks, make_docx, make_odt, make_pdf  # noqa: F401
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_page", "eager_tasks")]


def _all_private_files() -> set[Path]:
    root = Path(CV._meta.get_field("file").storage.location)
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


@pytest.fixture
def stored_files():
    """stored_files() -> the private files written since the test started."""
    before = _all_private_files()
    return lambda: sorted(_all_private_files() - before)


def upload(client, name, content, content_type="application/octet-stream"):
    return client.post("/me/cvs/", {"file": SimpleUploadedFile(name, content, content_type=content_type)})


@pytest.fixture
def signed_in(client, jobseeker):
    client.force_login(jobseeker)
    return client


@pytest.mark.parametrize(
    ("name", "content", "expected_type"),
    [
        ("Jo Seeker CV.pdf", make_pdf(), "application/pdf"),
        (
            "jo_final.docx",
            make_docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("jo_odt.odt", make_odt(), "application/vnd.oasis.opendocument.text"),
        ("jo_rtf.rtf", b"{\\rtf1\\ansi My CV}", "application/rtf"),
        ("jo_word97.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "application/msword"),
    ],
)
def test_real_cv_files_are_stored_privately_under_a_generated_name(
    signed_in, jobseeker, settings, stored_files, name, content, expected_type
):
    response = upload(signed_in, name, content)

    assert response.status_code == 302
    cv = CV.objects.get(candidate=jobseeker)
    assert cv.content_type == expected_type
    assert cv.original_name == name
    assert cv.scan_status == CV.ScanStatus.CLEAN
    assert name.split(".")[0] not in cv.file.name
    assert cv.file.name.startswith("cvs/")
    [path] = stored_files()
    assert path.read_bytes() == content
    assert not str(path).startswith(str(settings.MEDIA_ROOT))
    page = signed_in.get("/me/cvs/").content.decode()
    assert name in page and "Checked for viruses" in page


def _plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return buffer.getvalue()


def _zip_bomb() -> bytes:
    return make_docx(extra={"word/media/image1.bin": b"\0" * (30 * 1024 * 1024)})


ATTACKS = [
    ("eicar.pdf", EICAR_SIGNATURE, "must be a PDF, Word"),
    ("cv.pdf", make_pdf() + b"\n" + EICAR_SIGNATURE, "contains a virus or malware"),
    (
        "cv.pdf",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\0" * 200 + b"This program cannot be run in DOS mode",
        "Its contents are not one of these",
    ),
    ("big.pdf", b"%PDF-1.4\n" + b"0" * (50 * 1024 * 1024), "smaller than 5 MB"),
    ("cv.docx", _zip_bomb(), "zip bomb"),
    ("cv.html", b"<html><body><script>alert(document.cookie)</script></body></html>", "must be a PDF, Word"),
    (
        "cv.pdf",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "must be a PDF, Word",
    ),
    ("cv.pdf", b"", "The selected file is empty"),
    ("cv.docx", b"PK\x03\x04" + b"not really a zip", "damaged"),
    ("cv.zip", _plain_zip(), "is not a PDF"),
]


@pytest.mark.parametrize(
    ("name", "content", "message"), ATTACKS, ids=[a[0] + str(i) for i, a in enumerate(ATTACKS)]
)
def test_attack_uploads_are_refused_with_a_clear_message_and_nothing_is_stored(
    signed_in, stored_files, name, content, message
):
    response = upload(signed_in, name, content)

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert 'href="#id_file"' in html
    assert CV.objects.count() == 0
    assert stored_files() == []


def multipart_with_raw_filename(filename: bytes, content: bytes, **fields) -> tuple[bytes, str]:
    """A multipart body with the file name as raw bytes (a browser on a legacy code page sends
    Windows-1252 names like this), which SimpleUploadedFile cannot express."""
    boundary = "BoUnDaRy"
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    )
    body += (
        f"--{boundary}\r\n".encode()
        + b'Content-Disposition: form-data; name="file"; filename="'
        + filename
        + b'"\r\n'
        + b"Content-Type: application/pdf\r\n\r\n"
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def test_a_filename_that_is_not_utf8_is_refused_with_a_specific_message_and_nothing_is_stored(
    signed_in, stored_files
):
    body, content_type = multipart_with_raw_filename(b"cv-\xff\xfe\xe9.pdf", make_pdf())

    response = signed_in.generic("POST", "/me/cvs/", body, content_type=content_type)

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert (
        "The file name has characters we cannot read. Rename the file using only letters, numbers, "
        "spaces and hyphens, then upload it again." in html
    )
    assert 'href="#id_file"' in html
    assert "Select your CV to upload" not in html
    assert CV.objects.count() == 0
    assert stored_files() == []


def test_a_windows_1252_filename_split_across_reads_is_still_noticed(signed_in, stored_files, settings):
    # A large file so the body streams in several chunks; the name is Windows-1252 "Résumé".
    body, content_type = multipart_with_raw_filename(b"R\xe9sum\xe9.pdf", make_pdf("x" * 300_000))

    response = signed_in.generic("POST", "/me/cvs/", body, content_type=content_type)

    assert "characters we cannot read" in response.content.decode()
    assert CV.objects.count() == 0
    assert stored_files() == []


@pytest.mark.parametrize("read_size", [1, 7, 64, 65_536])
def test_upload_bodies_pass_through_unchanged_except_an_unreadable_name(read_size):
    from ats.applications.uploads import _HeaderRepair

    def stream(body):
        source = io.BytesIO(body)
        repair = _HeaderRepair(source.read, b"BoUnDaRy")
        out = b""
        while chunk := repair.read(read_size):
            out += chunk
        return out

    # A file may hold anything, even a header-like line that is not UTF-8: it is left alone.
    content = make_pdf() + b'\r\nContent-Disposition: form-data; name="x"; filename="\xff"\r\n'
    good, _ = multipart_with_raw_filename(b"Jo CV.pdf", content, a="1")
    bad, _ = multipart_with_raw_filename(b"R\xe9sum\xe9.pdf", make_pdf(), a="1")

    assert stream(good) == good
    assert stream(bad) == bad.replace(b"R\xe9sum\xe9.pdf", "R\ufffdsum\ufffd.pdf".encode())


def test_an_unreadable_file_name_is_explained_on_the_apply_cv_step_too(signed_in, jobseeker, stored_files):
    from tests.factories import VacancyFactory

    vacancy = VacancyFactory()
    body, content_type = multipart_with_raw_filename(b"cv-\xe9.pdf", make_pdf(), cv="upload")

    response = signed_in.generic("POST", f"/jobs/{vacancy.slug}/apply/job/", body, content_type=content_type)

    assert response.status_code == 400
    assert "The file name has characters we cannot read" in response.content.decode()
    assert CV.objects.count() == 0
    assert stored_files() == []


def test_submitting_without_a_file_asks_for_one(signed_in, stored_files):
    response = signed_in.post("/me/cvs/", {})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Select your CV to upload" in html
    assert "characters we cannot read" not in html
    assert CV.objects.count() == 0


def test_the_display_name_is_sanitised_and_shown_escaped(signed_in, jobseeker):
    upload(signed_in, '..\\..\\<img src=x onerror="alert(1)">\x07.pdf', make_pdf())

    cv = CV.objects.get(candidate=jobseeker)
    assert "/" not in cv.original_name and "\\" not in cv.original_name and "\x07" not in cv.original_name
    html = signed_in.get("/me/cvs/").content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;.pdf" in html


def test_only_the_owner_can_download_a_cv(client, signed_in, jobseeker):
    upload(signed_in, "cv.pdf", make_pdf("mine"))
    cv = CV.objects.get(candidate=jobseeker)
    url = f"/me/cvs/{cv.public_id}/"

    own = signed_in.get(url)
    assert own.status_code == 200
    assert b"".join(own.streaming_content) == make_pdf("mine")
    assert own["Content-Disposition"].startswith("attachment")
    signed_in.logout()
    assert signed_in.get(url).status_code == 302  # to sign in
    signed_in.force_login(UserFactory())
    assert signed_in.get(url).status_code == 404


class FakeClamd:
    """A clamd speaking INSTREAM on a local port; answers FOUND for EICAR. Records what it scanned."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen()
        self.port = self.server.getsockname()[1]
        self.scanned: list[bytes] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                command = b""
                while not command.endswith(b"\0"):
                    command += conn.recv(1)
                assert command == b"zINSTREAM\0"
                data = b""
                while True:
                    size = struct.unpack("!L", self._read(conn, 4))[0]
                    if size == 0:
                        break
                    data += self._read(conn, size)
                self.scanned.append(data)
                found = EICAR_SIGNATURE in data
                conn.sendall(b"stream: Win.Test.EICAR_HDB-1 FOUND\0" if found else b"stream: OK\0")

    @staticmethod
    def _read(conn, size):
        data = b""
        while len(data) < size:
            data += conn.recv(size - len(data))
        return data

    def close(self):
        self.server.close()


@pytest.fixture
def clamd():
    server = FakeClamd()
    yield server
    server.close()


def test_clamd_backend_streams_the_file_and_reads_the_verdict(clamd):
    scanner = ClamdScanner(host="127.0.0.1", port=clamd.port, timeout=5)
    big = make_pdf() + b"x" * 200_000

    assert scanner.scan(big) == (Verdict.CLEAN, "")
    assert scanner.scan(make_pdf() + EICAR_SIGNATURE) == (Verdict.INFECTED, "Win.Test.EICAR_HDB-1")
    assert clamd.scanned[0] == big


def test_unreachable_clamd_never_marks_a_cv_clean_and_a_later_scan_does(clamd, jobseeker, settings):
    settings.CLAMD_HOST, settings.CLAMD_PORT, settings.CLAMD_TIMEOUT_SECONDS = "127.0.0.1", 1, 1
    with pytest.raises(ScannerUnavailable):
        ClamdScanner(host="127.0.0.1", port=1, timeout=1).scan(b"x")

    cv = store_cv(jobseeker, SimpleUploadedFile("cv.pdf", make_pdf()))
    assert cv.scan_status == CV.ScanStatus.PENDING
    assert scan_cv.apply(args=[cv.pk]).get() == "pending"
    cv.refresh_from_db()
    assert cv.scan_status == CV.ScanStatus.PENDING and cv.scanned_at is None

    settings.CLAMD_PORT = clamd.port
    assert scan_cv.apply(args=[cv.pk]).get() == CV.ScanStatus.CLEAN
    cv.refresh_from_db()
    assert cv.scan_status == CV.ScanStatus.CLEAN


def test_a_pending_cv_found_infected_later_is_deleted(clamd, jobseeker, settings, stored_files):
    settings.CLAMD_HOST, settings.CLAMD_PORT, settings.CLAMD_TIMEOUT_SECONDS = "127.0.0.1", 1, 1
    cv = store_cv(jobseeker, SimpleUploadedFile("cv.pdf", make_pdf() + EICAR_SIGNATURE))
    assert cv.scan_status == CV.ScanStatus.PENDING

    settings.CLAMD_PORT = clamd.port
    scan_cv.apply(args=[cv.pk])

    cv.refresh_from_db()
    assert cv.scan_status == CV.ScanStatus.INFECTED
    assert not cv.file
    assert stored_files() == []


def test_scan_retries_back_off_up_to_an_hour():
    assert [scan_backoff_seconds(n) for n in (0, 1, 2, 10)] == [30, 60, 120, 3600]


def test_docx_with_many_small_entries_within_limits_is_accepted(jobseeker):
    cv = store_cv(
        jobseeker,
        SimpleUploadedFile("cv.docx", make_docx({f"word/media/{n}.xml": b"<x/>" for n in range(50)})),
    )
    assert cv.content_type.endswith("wordprocessingml.document")
    assert zipfile.is_zipfile(io.BytesIO(cv.file.open("rb").read()))


def test_a_cv_waiting_for_its_virus_check_is_not_served_to_recruiters(jobseeker, settings):
    from django.http import Http404

    from ats.applications.views.candidate import cv_response

    settings.CLAMD_HOST, settings.CLAMD_PORT, settings.CLAMD_TIMEOUT_SECONDS = "127.0.0.1", 1, 1
    cv = store_cv(jobseeker, SimpleUploadedFile("cv.pdf", make_pdf()))

    with pytest.raises(Http404):
        cv_response(cv, require_clean=True)
    assert cv_response(cv).status_code == 200  # its owner can still download it
