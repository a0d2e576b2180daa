"""Migration 0020 copies each job's second and third points onto its row, so existing jobs with
several sites are found by distance as before."""

import importlib

from django.apps import apps
from django.core.cache import cache

from ats.models import Vacancy
from tests.ats.places_support import a_postcode, job_titles, site
from tests.factories import OrganisationFactory, VacancyFactory

migration = importlib.import_module("ats.migrations.0020_vacancy_second_and_third_points")


def test_existing_jobs_with_several_sites_are_found_by_each_of_them(reference_data, client):
    organisation = OrganisationFactory()
    tees, wear, tyne = (site(organisation, a_postcode(p), p) for p in ("TS1 ", "SR1 ", "NE1 4ST"))
    VacancyFactory(title="Second site on Wearside", organisation=organisation, locations=[tees, wear])
    VacancyFactory(title="Third site on Tyneside", organisation=organisation, locations=[tees, wear, tyne])
    VacancyFactory(title="One site on Tyneside", organisation=organisation, locations=[tyne])
    blank = dict.fromkeys(["latitude_2", "longitude_2", "latitude_3", "longitude_3"])
    Vacancy.objects.update(**blank)  # as they were before the columns existed

    migration.copy_points(apps, None)

    def found(postcode: str) -> list[str]:
        cache.clear()
        response = client.get("/jobs/", {"q": "site", "postcode": postcode, "radius": "3"})
        return sorted(job_titles(response.content.decode()))

    assert found("NE1 4ST") == ["One site on Tyneside", "Third site on Tyneside"]
    assert found(wear.postcode) == ["Second site on Wearside", "Third site on Tyneside"]
    one = Vacancy.objects.get(title="One site on Tyneside")
    assert (one.latitude_2, one.latitude_3) == (None, None)


def test_a_job_whose_first_point_was_written_elsewhere_gets_it_back(reference_data):
    organisation = OrganisationFactory()
    tees, wear = (
        site(organisation, a_postcode("TS1 "), "Tees"),
        site(organisation, a_postcode("SR1 "), "Wear"),
    )
    job = VacancyFactory(organisation=organisation, locations=[tees, wear])
    Vacancy.objects.filter(pk=job.pk).update(latitude=0.0, longitude=0.0, latitude_2=None, longitude_2=None)

    migration.copy_points(apps, None)

    job.refresh_from_db()
    points = [(p.latitude, p.longitude) for p in job.points.order_by("pk")]
    assert [(job.latitude, job.longitude), (job.latitude_2, job.longitude_2)] == points
    assert (job.latitude_3, job.longitude_3) == (None, None)
