"""CSV upload of vacancies in the recruiter portal: an import job checked by a task with progress,
preview with per-row problems, all or nothing, imported once on confirmation by a task, scoped to
the recruiter's own organisation. Tasks run eagerly after each request commits (as a worker would)."""

import datetime

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from ats.models import Vacancy, VacancyImport
from tests.factories import RoleFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]

FUTURE = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
PAST = (datetime.date.today() - datetime.timedelta(days=3)).isoformat()
HEADER = "title,setting,location_postcode,location_name,closing_date,role,pay_min,pay_max\n"


def csv_file(*rows: str, name: str = "jobs.csv", header: str = HEADER) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (header + "".join(r + "\n" for r in rows)).encode(), "text/csv")


GOOD = [
    f"Care assistant,residential,NE1 4ST,Riverside House,{FUTURE},Care worker,12.60,13.20",
    f"Night carer,nursing,SR1 1AA,Wearside Lodge,{FUTURE},Care worker,13.00,13.00",
]


@pytest.fixture
def roles(reference_data):
    return RoleFactory(name="Care worker")


def upload(client, *rows, **kwargs):
    """Upload, then let the check task run (after the request's transaction commits)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post("/recruit/vacancies/import/", {"file": csv_file(*rows, **kwargs)})


def confirm(client, url, **kwargs):
    """Confirm, then let the import task run."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url + "confirm/", **kwargs)


def test_dashboard_links_to_the_import_page(client, recruiter_a):
    client.force_login(recruiter_a)

    assert 'href="/recruit/vacancies/import/"' in client.get("/recruit/").content.decode()


def test_a_good_file_is_previewed_then_imported_for_the_recruiters_organisation(
    client, recruiter_a, employer_a, roles
):
    client.force_login(recruiter_a)

    response = upload(client, *GOOD)
    preview = client.get(response["Location"]).content.decode()

    assert "2 vacancies from jobs.csv will be created for <strong>Alpha Home Care</strong>" in preview
    assert "Care assistant" in preview and "Night carer" in preview
    assert "£12.60 to £13.20 an hour" in preview
    assert not Vacancy.objects.exists()  # nothing saved by the preview

    done = confirm(client, response["Location"])
    page = client.get(done["Location"]).content.decode()

    assert done["Location"] == response["Location"]  # the job's page shows how it went
    assert "Imported 2 vacancies for Alpha Home Care. They are live." in page
    assert 'href="/recruit/vacancies/"' in page
    assert sorted(Vacancy.objects.values_list("title", "organisation", "status")) == [
        ("Care assistant", employer_a.pk, "live"),
        ("Night carer", employer_a.pk, "live"),
    ]


def test_confirming_twice_imports_once(client, recruiter_a, roles):
    client.force_login(recruiter_a)
    url = upload(client, *GOOD)["Location"]

    confirm(client, url)
    again = confirm(client, url, follow=True)

    assert Vacancy.objects.count() == 2
    assert "This file has already been imported." in again.content.decode()
    assert "Your vacancies have been imported" in client.get(url).content.decode()


def test_one_bad_row_imports_nothing_and_each_problem_is_named_in_plain_words(client, recruiter_a, roles):
    client.force_login(recruiter_a)

    url = upload(
        client,
        GOOD[0],
        f"Support worker,spaceship,NE1 4ST,,{PAST},Astronaut,12.00,11.00",
        "Cook,residential,not a postcode,,soon,,,",
    )["Location"]
    page = client.get(url).content.decode()

    assert "There are problems with jobs.csv" in page
    assert "Nothing has been imported." in page
    assert '<a href="#row-3">Row 3: 4 problems</a>' in page
    assert '<a href="#row-4">Row 4: 2 problems</a>' in page
    assert "The closing date must be today or later." in page
    assert "“spaceship” is not one we know. Use one of: home_care, residential," in page
    assert "Enter a date like 2026-12-31 or 31/12/2026." in page
    assert "“Astronaut” is not a job role we know." in page
    assert "pay_max must be the same as or more than pay_min." in page
    assert "Enter a real postcode, like NE1 4ST" in page
    assert "Import " not in page  # no confirm button
    assert confirm(client, url).status_code == 302
    assert not Vacancy.objects.exists()


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("jobs.xlsx", b"PK\x03\x04", "application/zip"), "The file must be a CSV file"),
        (
            SimpleUploadedFile("jobs.csv", "title\n€".encode("cp1252"), "text/csv"),
            "The file is not UTF-8 text",
        ),
        (SimpleUploadedFile("jobs.csv", b"a,b\x00\n", "text/csv"), "The file is not a CSV file"),
        (SimpleUploadedFile("jobs.csv", b"x" * (2 * 1024 * 1024 + 1), "text/csv"), "smaller than 2 MB"),
    ],
)
def test_a_file_that_is_not_a_readable_csv_is_refused_and_nothing_kept(client, recruiter_a, file, message):
    client.force_login(recruiter_a)

    page = client.post("/recruit/vacancies/import/", {"file": file}).content.decode()

    assert "There is a problem" in page and message in page
    assert not VacancyImport.objects.exists()


def test_no_file_is_explained(client, recruiter_a):
    client.force_login(recruiter_a)

    page = client.post("/recruit/vacancies/import/", {}).content.decode()

    assert "There is a problem" in page and 'href="#id_file"' in page


def test_another_organisation_cannot_see_or_confirm_an_import(client, recruiter_a, recruiter_b, roles):
    client.force_login(recruiter_a)
    url = upload(client, *GOOD)["Location"]

    client.force_login(recruiter_b)

    assert client.get(url).status_code == 404
    assert confirm(client, url).status_code == 404
    assert client.post(url + "retry/").status_code == 404
    assert not Vacancy.objects.exists()


def test_a_recruiter_cannot_upload_for_another_organisation(client, recruiter_a, employer_b, roles):
    client.force_login(recruiter_a)

    page = client.post(
        "/recruit/vacancies/import/", {"organisation": employer_b.pk, "file": csv_file(*GOOD)}
    ).content.decode()

    assert "There is a problem" in page
    assert not VacancyImport.objects.exists()


def test_viewers_and_the_public_cannot_import(client, viewer_a, roles):
    assert client.get("/recruit/vacancies/import/").status_code == 302  # sign in first

    client.force_login(viewer_a)

    assert client.get("/recruit/vacancies/import/").status_code == 404
    assert client.post("/recruit/vacancies/import/", {"file": csv_file(*GOOD)}).status_code == 404
    assert not VacancyImport.objects.exists()


def test_unverified_organisations_imports_wait_for_approval(client, recruiter_a, employer_a, roles):
    employer_a.verified = False
    employer_a.save()
    client.force_login(recruiter_a)
    url = upload(client, *GOOD)["Location"]

    assert "sent to a regional admin for approval" in client.get(url).content.decode()
    confirm(client, url)
    assert "They are waiting for approval." in client.get(url).content.decode()
    assert set(Vacancy.objects.values_list("status", flat=True)) == {"pending"}


def test_the_empty_template_has_every_column(client, recruiter_a):
    client.force_login(recruiter_a)

    response = client.get("/recruit/vacancies/import/template.csv")

    assert response["Content-Type"] == "text/csv"
    assert response.content.decode().startswith("title,setting,location_postcode,closing_date,role,")


def test_the_job_page_shows_progress_and_refreshes_itself_without_javascript(
    client, recruiter_a, employer_a, roles
):
    client.force_login(recruiter_a)
    response = client.post("/recruit/vacancies/import/", {"file": csv_file(*GOOD)})  # no worker yet
    url = response["Location"]
    job = VacancyImport.objects.get()
    assert job.status == VacancyImport.Status.QUEUED and job.rows == 2  # stored before any checking

    page = client.get(url).content.decode()
    assert "Checking your file" in page and "jobs.csv is waiting to be checked." in page
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert '<p role="status">0 of 2 rows checked.</p>' in page
    assert f'<a href="{url}">Refresh</a>' in page

    VacancyImport.objects.filter(pk=job.pk).update(status=VacancyImport.Status.CHECKING, rows_done=1)
    polled = client.get(url, headers={"HX-Request": "true", "HX-Target": "import-progress"})
    assert polled.content.decode().lstrip().startswith("{#") is False
    assert '<p role="status">1 of 2 rows checked.</p>' in polled.content.decode()
    assert "<html" not in polled.content.decode()  # just the progress, swapped in place

    from ats.jobs.imports import check_import

    check_import(job.pk)
    finished = client.get(url, headers={"HX-Request": "true", "HX-Target": "import-progress"})
    assert finished["HX-Refresh"] == "true"  # done: the whole page reloads with the preview
    page = client.get(url).content.decode()
    assert 'role="alert">We checked every row of jobs.csv: no problems.' in page
    assert "http-equiv" not in page


def test_the_check_records_progress_row_by_row(client, recruiter_a, roles, monkeypatch):
    from ats.jobs import imports

    seen = []
    lookup = imports.lookup

    def looking_up(postcode):  # called once a row, while the task runs
        seen.append(VacancyImport.objects.values_list("status", "rows_done").get())
        return lookup(postcode)

    monkeypatch.setattr(imports, "PROGRESS_EVERY", 1)
    monkeypatch.setattr(imports, "lookup", looking_up)
    client.force_login(recruiter_a)

    upload(client, *GOOD, GOOD[0])

    assert seen == [("checking", 0), ("checking", 1), ("checking", 2)]
    assert VacancyImport.objects.values_list("status", "rows_done", "rows").get() == ("checked", 3, 3)


def test_a_worker_failure_keeps_the_file_and_the_person_can_try_again(
    client, recruiter_a, roles, monkeypatch
):
    from django.db import OperationalError

    from ats.jobs import imports

    check = imports.import_vacancies
    monkeypatch.setattr(
        imports, "import_vacancies", lambda *a, **k: (_ for _ in ()).throw(OperationalError("gone"))
    )
    client.force_login(recruiter_a)

    url = upload(client, *GOOD)["Location"]

    page = client.get(url).content.decode()
    assert "We could not finish checking your file" in page
    assert "Your file is kept" in page and "Try again" in page
    job = VacancyImport.objects.get()
    assert job.status == VacancyImport.Status.FAILED and job.content.startswith("title,")

    monkeypatch.setattr(imports, "import_vacancies", check)  # the database is back
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(url + "retry/")

    assert "2 vacancies from jobs.csv will be created" in client.get(url).content.decode()
    confirm(client, url)
    assert Vacancy.objects.count() == 2


def test_a_failed_import_creates_nothing_and_can_be_tried_again(client, recruiter_a, roles, monkeypatch):
    from ats.jobs import imports

    client.force_login(recruiter_a)
    url = upload(client, *GOOD)["Location"]
    refresh = imports.refresh_vacancies
    monkeypatch.setattr(imports, "refresh_vacancies", lambda ids: 1 / 0)  # fails after creating rows

    confirm(client, url)

    assert not Vacancy.objects.exists()  # all or nothing
    assert "We could not finish importing your vacancies" in client.get(url).content.decode()
    monkeypatch.setattr(imports, "refresh_vacancies", refresh)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(url + "retry/")
    assert "Imported 2 vacancies for Alpha Home Care." in client.get(url).content.decode()
    assert Vacancy.objects.count() == 2


def test_a_stalled_job_offers_to_try_again(client, recruiter_a, roles):
    import time_machine

    client.force_login(recruiter_a)
    url = client.post("/recruit/vacancies/import/", {"file": csv_file(*GOOD)})["Location"]  # lost task
    assert "Try again" not in client.get(url).content.decode()

    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=3)):
        page = client.get(url).content.decode()
        assert "This is taking longer than it should." in page and "Try again" in page
        with TestCase.captureOnCommitCallbacks(execute=True):
            client.post(url + "retry/")

    assert "2 vacancies from jobs.csv will be created" in client.get(url).content.decode()
