"""Issue 22.5: stored files are served under a name and type derived from their detected content
(never the uploader's extension), as attachments with nosniff and a sandboxing CSP, on local
storage and through S3's signed URLs; DOCX/ODT uploads are checked as zip containers and a
malformed archive is refused with a message on the form, never a 500."""

import io
import struct
import zipfile
import zlib

import pytest
import requests

from django.core.files.uploadedfile import SimpleUploadedFile

from ats.models import CV
from tests.ats.jobseeker_fixtures import eager_tasks, make_docx, make_pdf  # noqa: F401
from tests.factories import ApplicationWithCVFactory, CVFactory, VacancyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_page", "eager_tasks")]

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def upload(client, name, content):
    return client.post("/me/cvs/", {"file": SimpleUploadedFile(name, content)})


def assert_safe_download(response, filename, content_type):
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


@pytest.mark.parametrize(
    ("uploaded_as", "served_as"),
    [("cv.hta", "cv.pdf"), ("CV.pdf.exe", "CV.pdf"), ("Jo <Seeker> CV.PDF", "Jo -Seeker- CV.pdf")],
)
def test_a_pdf_uploaded_under_another_extension_downloads_as_a_pdf(client, jobseeker, uploaded_as, served_as):
    client.force_login(jobseeker)
    assert upload(client, uploaded_as, make_pdf()).status_code == 302
    cv = CV.objects.get(candidate=jobseeker)

    response = client.get(f"/me/cvs/{cv.public_id}/")

    assert_safe_download(response, served_as, "application/pdf")
    assert b"".join(response.streaming_content) == make_pdf()


def test_a_docx_uploaded_as_an_hta_downloads_as_a_docx(client, jobseeker):
    client.force_login(jobseeker)
    upload(client, "my cv.hta", make_docx())
    cv = CV.objects.get(candidate=jobseeker)

    assert_safe_download(client.get(f"/me/cvs/{cv.public_id}/"), "my cv.docx", DOCX_TYPE)


def test_a_recruiter_downloads_an_applicants_cv_under_its_detected_type(client, recruiter_a, employer_a):
    cv = CVFactory(original_name="CV.pdf.exe", content_type="application/pdf")
    application = ApplicationWithCVFactory(vacancy=VacancyFactory(organisation=employer_a), cv=cv)
    client.force_login(recruiter_a)

    response = client.get(f"/recruit/applications/{application.public_id}/cv/")

    assert_safe_download(response, "CV.pdf", "application/pdf")
    preview = client.get(f"/recruit/applications/{application.public_id}/cv/?preview=1")
    assert preview["Content-Disposition"] == 'inline; filename="CV.pdf"'
    assert preview["Content-Type"] == "application/pdf"
    assert preview["X-Content-Type-Options"] == "nosniff"
    assert preview["Content-Security-Policy"].startswith("sandbox; default-src 'none'")


def test_a_stored_file_of_an_unknown_type_is_a_plain_download_never_html(client, jobseeker):
    cv = CVFactory(candidate=jobseeker, original_name="cv.html", content_type="text/html")
    client.force_login(jobseeker)

    assert_safe_download(client.get(f"/me/cvs/{cv.public_id}/"), "cv.bin", "application/octet-stream")


def test_a_cv_on_s3_is_served_by_s3_under_its_detected_name_and_type(client, jobseeker, s3_bucket):
    client.force_login(jobseeker)
    assert upload(client, "CV.pdf.exe", make_pdf("on S3")).status_code == 302
    cv = CV.objects.get(candidate=jobseeker)

    signed = client.get(f"/me/cvs/{cv.public_id}/")["Location"]
    fetched = requests.get(signed, timeout=10)

    assert fetched.status_code == 200
    assert fetched.content == make_pdf("on S3")
    assert fetched.headers["Content-Disposition"] == 'attachment; filename="CV.pdf"'
    assert fetched.headers["Content-Type"] == "application/pdf"
    assert fetched.headers["Cache-Control"] == "private, no-store"


# Zip archives written byte by byte, so that a member's data and the central directory can
# disagree as they do in a damaged or crafted file.
CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
DOCUMENT = b"<w:document><w:body><w:p>My CV</w:p></w:body></w:document>"


def deflated(name, content, **central):
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = compressor.compress(content) + compressor.flush()
    return {"name": name, "data": data, "method": 8, "crc": zlib.crc32(content), "size": len(content)} | {
        "central": central
    }


def stored(name, content, **central):
    return deflated(name, content, **central) | {"data": content, "method": 0}


def raw_zip(members, *, unix_mode=0):
    body = central = b""
    for member in members:
        name, data = member["name"].encode(), member["data"]
        header = (member["method"], 0, 0, member["crc"], len(data), member["size"], len(name))
        offset = len(body)
        body += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, *header, 0) + name + data
        c = {"method": member["method"], "crc": member["crc"]} | member["central"]
        central += (
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                (3 << 8 | 20) if unix_mode else 20,
                20,
                0,
                c["method"],
                0,
                0,
                c["crc"],
                len(data),
                member["size"],
                len(name),
                0,
                0,
                0,
                0,
                unix_mode << 16,
                offset,
            )
            + name
        )
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), len(body), 0)
    return body + central + end


def truncated_docx() -> bytes:
    """A DOCX whose first part was cut off part-way and zero-filled (a download that stopped)."""
    member = deflated("[Content_Types].xml", CONTENT_TYPES)
    member["data"] = member["data"][:10] + b"\0" * (len(member["data"]) - 10)
    return raw_zip([member, deflated("word/document.xml", DOCUMENT)])


def lying_docx() -> bytes:
    """A DOCX whose central directory says its parts are deflated when they are stored as is."""
    return raw_zip(
        [stored("[Content_Types].xml", CONTENT_TYPES, method=8), stored("word/document.xml", DOCUMENT)]
    )


def docx_with(name: str, content: bytes = b"x", *, unix_mode: int = 0) -> bytes:
    return raw_zip(
        [
            deflated("[Content_Types].xml", CONTENT_TYPES),
            deflated("word/document.xml", DOCUMENT),
            deflated(name, content),
        ],
        unix_mode=unix_mode,
    )


def corrupt_document_docx() -> bytes:
    member = deflated("word/document.xml", DOCUMENT)
    member["crc"] ^= 1
    return raw_zip([deflated("[Content_Types].xml", CONTENT_TYPES), member])


def encrypted_docx() -> bytes:
    data = bytearray(make_docx())
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            data[start + flag_at] |= 1
            start += 4
    return bytes(data)


def without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
    return buffer.getvalue()


DAMAGED = "The file is damaged, so we cannot open it"
BAD_ARCHIVES = {
    "truncated": (truncated_docx(), DAMAGED),
    "central-directory-lies": (lying_docx(), DAMAGED),
    "corrupt-document-part": (corrupt_document_docx(), DAMAGED),
    "parent-path": (docx_with("../../evil.sh"), DAMAGED),
    "absolute-path": (docx_with("/etc/cron.d/evil"), DAMAGED),
    "windows-drive": (docx_with("C:/Windows/evil.bat"), DAMAGED),
    "symlink": (docx_with("word/link.xml", b"/etc/passwd", unix_mode=0o120777), DAMAGED),
    "duplicate-part": (docx_with("word/document.xml", b"<w:document/>"), DAMAGED),
    "encrypted": (encrypted_docx(), "protected with a password"),
    "no-document-part": (without_document(), "The file is not a PDF, Word"),
}


def test_the_crafted_archives_are_as_small_as_the_ones_that_crashed_the_page():
    assert len(truncated_docx()) < 600 and len(lying_docx()) < 600


@pytest.mark.parametrize(("content", "message"), list(BAD_ARCHIVES.values()), ids=list(BAD_ARCHIVES))
def test_a_malformed_or_unsafe_docx_is_refused_on_the_form_and_nothing_is_stored(
    client, jobseeker, content, message
):
    client.force_login(jobseeker)

    response = upload(client, "cv.docx", content)

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert 'href="#id_file"' in html
    assert CV.objects.count() == 0


def test_a_malformed_docx_on_the_apply_cv_step_is_refused_with_the_same_message(client, jobseeker):
    vacancy = VacancyFactory()
    client.force_login(jobseeker)

    response = client.post(
        f"/jobs/{vacancy.slug}/apply/job/",
        {"cv": "upload", "file": SimpleUploadedFile("cv.docx", lying_docx())},
    )

    assert response.status_code == 400
    assert DAMAGED in response.content.decode()
    assert CV.objects.count() == 0


def test_a_well_formed_docx_is_still_accepted(client, jobseeker):
    client.force_login(jobseeker)

    assert (
        upload(client, "cv.docx", make_docx({"word/media/image1.png": b"\x89PNG" + b"0" * 500})).status_code
        == 302
    )
    assert CV.objects.get(candidate=jobseeker).content_type == DOCX_TYPE
