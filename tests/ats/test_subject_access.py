"""Download my data: everything held about the person, found generically, under safe file names."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from allauth.account.models import EmailAddress

from ats.models import CV, ApplicationDraft
from tests.ats.jobseeker_fixtures import eager_tasks  # noqa: F401
from tests.ats.personal_data import fill, markers
from tests.ats.retention_support import build_person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

# A name Windows, macOS and Linux all extract: letters, digits, dot, dash, underscore; "/" only
# between folders; no leading dot, no "..".
SAFE_ENTRY = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*(/[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*)*"
)


@pytest.fixture
def person(jobseeker, recruiter_a, employer_a, academy):
    return build_person(jobseeker, recruiter_a, employer_a, academy, stage="offer")


def download(client, user) -> zipfile.ZipFile:
    client.force_login(user)
    response = client.post("/me/download-my-data/")
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_download_holds_every_field_held_about_the_person(client, jobseeker, person):
    guest_draft = person["guest_draft"]
    written = fill([jobseeker, guest_draft], markers())
    # A guest draft is the person's through their verified address: keep the two the same.
    ApplicationDraft.objects.filter(pk=guest_draft.pk).update(
        guest_email=EmailAddress.objects.get(user=jobseeker).email
    )
    written = [
        (marker, place)
        for marker, place in written
        if place != f"ats.ApplicationDraft.guest_email #{guest_draft.pk}"
    ]

    archive = download(client, jobseeker)

    text = archive.read("my-data.json").decode()
    missing = sorted(place for marker, place in written if marker not in text)
    assert missing == [], "\n".join(missing)


def test_the_download_includes_recruiters_notes_ratings_history_and_who_looked(client, jobseeker, person):
    data = json.loads(download(client, jobseeker).read("my-data.json"))

    application = data["applications"][0]
    assert application["notes_by_the_employer"][0]["note"] == "Mentioned a back injury"
    assert application["ratings"] == [
        {"criterion": "Values", "score": 4, "rated_at": application["ratings"][0]["rated_at"]}
    ]
    assert [step["status"] for step in application["history"]][-1]
    assert application["history"][-1]["note"] == "Why"
    assert application["offer"]["criminal_record_disclosure"] == "A caution in 2019"
    assert application["who_looked_at_it"][0]["organisation"] == "Alpha Home Care"
    assert application["who_looked_at_it"][0]["what"] == "Viewed application"


def test_every_file_in_the_download_has_a_safe_name(client, jobseeker, person):
    CV.objects.filter(pk=person["cv"].pk).update(original_name='Jo <"CV">: final?.pdf')

    archive = download(client, jobseeker)

    names = archive.namelist()
    assert len(names) == 2
    for name in names:
        assert SAFE_ENTRY.fullmatch(name), name
    assert json.loads(archive.read("my-data.json"))["cvs"][0]["name"] == 'Jo <"CV">: final?.pdf'
