"""The CSV import through the real broker and a real worker (the real-services run): the upload is
checked and, once confirmed, imported by the worker while the page reports progress."""

import datetime

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from ats.models import Vacancy, VacancyImport
from tests.factories import RoleFactory
from tests.fixtures.services import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

FUTURE = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()


def status() -> str:
    return VacancyImport.objects.values_list("status", flat=True).get()


def test_an_uploaded_file_is_checked_and_imported_by_the_worker(
    celery_worker_process, client, recruiter_a, reference_data
):
    RoleFactory(name="Care worker")
    rows = "".join(f"Care assistant {n},residential,NE1 4ST,{FUTURE},Care worker\n" for n in range(120))
    file = SimpleUploadedFile(
        "jobs.csv", ("title,setting,location_postcode,closing_date,role\n" + rows).encode()
    )
    client.force_login(recruiter_a)

    url = client.post("/recruit/vacancies/import/", {"file": file})["Location"]

    assert wait_for(lambda: status() == "checked"), status()
    page = client.get(url).content.decode()
    assert "We checked every row of jobs.csv: no problems." in page
    assert "120 vacancies from jobs.csv will be created" in page

    client.post(url + "confirm/")

    assert wait_for(lambda: status() == "imported"), status()
    assert "Imported 120 vacancies for Alpha Home Care." in client.get(url).content.decode()
    assert Vacancy.objects.filter(organisation__name="Alpha Home Care").count() == 120
