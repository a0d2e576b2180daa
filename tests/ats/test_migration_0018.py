"""Migration 0018 counts each vacancy's points, so existing jobs are found by distance as before."""

import importlib

from django.apps import apps

from ats.models import Vacancy
from tests.ats.places_support import a_postcode, job_titles, site
from tests.factories import OrganisationFactory, VacancyFactory

migration = importlib.import_module("ats.migrations.0018_vacancy_point_count_and_place_indexes")


def test_existing_vacancies_get_their_point_counts_and_are_found_by_distance(reference_data, client):
    organisation = OrganisationFactory()
    tyneside, teesside = (
        site(organisation, "NE1 4ST", "Tyneside"),
        site(organisation, a_postcode("TS1 "), "Tees"),
    )
    one = VacancyFactory(title="One site", organisation=organisation, locations=[tyneside])
    two = VacancyFactory(title="Two sites", organisation=organisation, locations=[teesside, tyneside])
    none = VacancyFactory(title="No site", organisation=organisation, locations=[])
    Vacancy.objects.update(point_count=0)  # as they were before the column existed

    migration.count_points(apps, None)

    counts = dict(Vacancy.objects.values_list("title", "point_count"))
    assert counts == {one.title: 1, two.title: 2, none.title: 0}
    found = client.get("/jobs/", {"postcode": "NE1 4ST", "radius": "5", "sort": "distance"})
    assert sorted(job_titles(found.content.decode())) == ["One site", "Two sites"]


def test_a_one_point_job_written_elsewhere_gets_its_point_as_its_place(reference_data):
    organisation = OrganisationFactory()
    job = VacancyFactory(organisation=organisation, locations=[site(organisation, "NE1 4ST", "Tyneside")])
    point = job.points.get()
    Vacancy.objects.filter(pk=job.pk).update(point_count=0, latitude=0.0, longitude=0.0)

    migration.count_points(apps, None)

    job.refresh_from_db()
    assert (job.point_count, job.latitude, job.longitude) == (1, point.latitude, point.longitude)
