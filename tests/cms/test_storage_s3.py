"""S3 round trip against moto's server mode over real HTTP: public images, private CVs."""

from urllib.parse import parse_qs, urlparse

import requests

from django.core.files.base import ContentFile
from django.core.files.storage import storages

from cms.storage import private_storage, signed_url

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
AS_PDF = {"filename": "cv.pdf", "content_type": "application/pdf"}


def test_private_file_is_not_publicly_readable_but_its_signed_url_works(s3_bucket, settings):
    storage = private_storage()
    name = storage.save("cvs/jo-seeker.pdf", ContentFile(PDF))

    # The object lives under the private prefix...
    head = s3_bucket["client"].head_object(Bucket=s3_bucket["name"], Key=f"private/{name}")
    assert head["ContentLength"] == len(PDF)
    # ...an anonymous request to its plain URL is refused...
    plain = f"{s3_bucket['endpoint']}/{s3_bucket['name']}/private/{name}"
    assert requests.get(plain, timeout=10).status_code == 403
    # ...and the signed URL works.
    url = signed_url(name, **AS_PDF)
    response = requests.get(url, timeout=10)
    assert response.status_code == 200
    assert response.content == PDF


def test_signed_url_expires_after_the_configured_short_time(s3_bucket, settings):
    name = private_storage().save("cvs/short.pdf", ContentFile(PDF))

    query = parse_qs(urlparse(signed_url(name, **AS_PDF)).query)

    assert query["X-Amz-Expires"] == [str(settings.PRIVATE_URL_EXPIRY_SECONDS)]
    assert settings.PRIVATE_URL_EXPIRY_SECONDS <= 600
    assert parse_qs(urlparse(signed_url(name, **AS_PDF, expire=30)).query)["X-Amz-Expires"] == ["30"]


def test_public_media_is_readable_without_signing(s3_bucket):
    storage = storages["default"]
    name = storage.save("images/hero.txt", ContentFile(b"public"))

    url = storage.url(name)

    assert "Signature" not in url
    assert requests.get(url, timeout=10).content == b"public"


def test_local_private_storage_has_no_public_url(settings, tmp_path):
    settings.STORAGES = settings.STORAGES | {
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        }
    }
    storage = private_storage()
    name = storage.save("cvs/local.pdf", ContentFile(PDF))

    assert signed_url(name, **AS_PDF) is None
    assert (tmp_path / name).read_bytes() == PDF
    assert not str(tmp_path).startswith(str(settings.MEDIA_ROOT))
