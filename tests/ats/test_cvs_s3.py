"""CVs on S3 (moto's server over real HTTP): the CV model's storage follows STORAGES at run time, the
object is private, and people get it only through a permission-checked view that hands out a
short-lived signed URL.

moto does not enforce a presigned URL's expiry (or check its signature once it carries one), so
the expiry is asserted from the URL itself: signed now, valid for PRIVATE_URL_EXPIRY_SECONDS."""

from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import requests

from django.core.files.uploadedfile import SimpleUploadedFile

from ats.models import CV
from tests.ats.jobseeker_fixtures import eager_tasks, make_pdf  # noqa: F401
from tests.factories import ApplicationWithCVFactory, UserFactory, VacancyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_page", "eager_tasks")]


def upload_cv(client, jobseeker, content: bytes) -> CV:
    client.force_login(jobseeker)
    response = client.post("/me/cvs/", {"file": SimpleUploadedFile("Jo CV.pdf", content)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return CV.objects.get(candidate=jobseeker)


def assert_short_lived_signed_url(url: str, s3_bucket, settings, name: str) -> None:
    parsed = urlparse(url)
    query = parse_qs(parsed.query)
    assert url.startswith(f"{s3_bucket['endpoint']}/{s3_bucket['name']}/private/{name}?")
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["X-Amz-Signature"][0]
    assert query["X-Amz-Expires"] == [str(settings.PRIVATE_URL_EXPIRY_SECONDS)]
    assert settings.PRIVATE_URL_EXPIRY_SECONDS <= 600
    signed_at = datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert abs((datetime.now(UTC) - signed_at).total_seconds()) < 120


def test_a_cv_uploaded_on_s3_is_private_and_downloaded_through_a_short_lived_signed_url(
    client, jobseeker, s3_bucket, settings
):
    content = make_pdf("Jo on S3")
    local_before = set(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*"))

    cv = upload_cv(client, jobseeker, content)

    # Written to the private prefix of the bucket, not to the local private folder.
    s3 = s3_bucket["client"]
    key = f"private/{cv.file.name}"
    assert s3.head_object(Bucket=s3_bucket["name"], Key=key)["ContentLength"] == len(content)
    grants = s3.get_object_acl(Bucket=s3_bucket["name"], Key=key)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner only
    assert set(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*")) == local_before
    # The object's plain URL is refused to anyone...
    plain = f"{s3_bucket['endpoint']}/{s3_bucket['name']}/{key}"
    assert requests.get(plain, timeout=10).status_code == 403
    # ...and the owner's download is a redirect to a signed URL that works and soon expires.
    response = client.get(f"/me/cvs/{cv.public_id}/")
    assert response.status_code == 302
    url = response["Location"]
    assert_short_lived_signed_url(url, s3_bucket, settings, cv.file.name)
    fetched = requests.get(url, timeout=10)
    assert fetched.status_code == 200
    assert fetched.content == content


def test_nobody_else_gets_a_signed_url_for_a_cv_on_s3(client, jobseeker, s3_bucket):
    cv = upload_cv(client, jobseeker, make_pdf())

    client.force_login(UserFactory())
    response = client.get(f"/me/cvs/{cv.public_id}/")

    assert response.status_code == 404
    assert "Location" not in response


def test_a_recruiter_downloads_an_applicants_cv_from_s3_through_a_signed_url(
    client, recruiter_a, recruiter_b, employer_a, s3_bucket, settings
):
    application = ApplicationWithCVFactory(vacancy=VacancyFactory(organisation=employer_a))
    url = f"/recruit/applications/{application.public_id}/cv/"

    client.force_login(recruiter_b)
    assert client.get(url).status_code == 404
    client.force_login(recruiter_a)
    response = client.get(url)

    assert response.status_code == 302
    assert_short_lived_signed_url(response["Location"], s3_bucket, settings, application.cv.file.name)
    assert requests.get(response["Location"], timeout=10).content == b"%PDF-1.4 test cv"


def test_the_cv_storage_follows_the_settings_at_run_time(s3_bucket, settings, tmp_path):
    storage = CV._meta.get_field("file").storage
    assert storage.bucket_name == s3_bucket["name"]

    settings.STORAGES = settings.STORAGES | {
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        }
    }

    assert storage.location == str(tmp_path)
