"""Public employer profiles at /jobs/employers/<slug>/: verified employers only."""

import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ats.models import LocalAuthority, Organisation
from tests.ats.places_support import a_postcode, site
from tests.ats.places_support import job_titles as titles
from tests.factories import OrganisationFactory, VacancyFactory


@pytest.fixture
def employer(reference_data):
    organisation = OrganisationFactory(
        name="Tyne Valley Care",
        kind=Organisation.Kind.PROVIDER,
        description="Family-run homes in the Tyne valley.",
        website="https://tynevalley.example",
        cqc_provider_id="1-101",
    )
    organisation.areas_served.set(
        LocalAuthority.objects.filter(slug__in=["newcastle-upon-tyne", "sunderland"])
    )
    newcastle = site(organisation, a_postcode("NE1 "), "Riverside House")
    sunderland = site(organisation, a_postcode("SR1 "), "Wearside Lodge")
    VacancyFactory(title="Sunderland carer", organisation=organisation, locations=[sunderland])
    VacancyFactory(title="Newcastle carer", organisation=organisation, locations=[newcastle])
    VacancyFactory(title="Closed job", organisation=organisation, locations=[newcastle], closed=True)
    VacancyFactory(title="Draft job", organisation=organisation, locations=[newcastle], draft=True)
    return organisation


def test_a_verified_employer_has_a_public_profile_with_its_live_jobs_and_places(employer, client):
    response = client.get(f"/jobs/employers/{employer.slug}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Tyne Valley Care</h1>" in page
    assert "Independent provider" in page and "Verified employer" in page
    assert "Family-run homes in the Tyne valley." in page
    assert 'href="https://tynevalley.example"' in page
    assert "Newcastle upon Tyne, Sunderland" in page
    assert "Riverside House" in page and "Wearside Lodge" in page
    assert "2 live jobs with Tyne Valley Care" in page
    assert sorted(titles(page)) == ["Newcastle carer", "Sunderland carer"]


def test_with_a_postcode_the_jobs_are_nearest_first_with_their_distance(employer, client):
    page = client.get(f"/jobs/employers/{employer.slug}/", {"postcode": a_postcode("SR1 ")}).content.decode()

    assert titles(page) == ["Sunderland carer", "Newcastle carer"]
    distances = [float(d) for d in re.findall(r'job-card__distance">([\d.]+) miles away', page)]
    assert distances[0] < 1.5 and 9 < distances[1] < 14


def test_a_bad_postcode_is_explained_and_the_jobs_still_listed(employer, client):
    page = client.get(f"/jobs/employers/{employer.slug}/", {"postcode": "nowhere"}).content.decode()

    assert "There is a problem" in page
    assert page.count("Enter a real postcode, like NE1 4ST") == 2
    assert 'href="#id_postcode"' in page
    assert len(titles(page)) == 2


def test_unverified_and_unknown_employers_have_no_profile(db, client):
    unverified = OrganisationFactory(verified=False)
    VacancyFactory(organisation=unverified)

    assert client.get(f"/jobs/employers/{unverified.slug}/").status_code == 404
    assert client.get("/jobs/employers/no-such-employer/").status_code == 404


def test_job_pages_and_search_cards_link_to_a_verified_employers_profile(employer, client):
    job = employer.vacancies.get(title="Newcastle carer")
    link = f'href="/jobs/employers/{employer.slug}/"'

    assert link in client.get(job.get_absolute_url()).content.decode()
    assert link in client.get("/jobs/").content.decode()


def test_unverified_employers_are_not_linked(db, client):
    unverified = OrganisationFactory(verified=False, name="Pending Care")
    job = VacancyFactory(organisation=unverified)

    assert "/jobs/employers/" not in client.get(job.get_absolute_url()).content.decode()
    assert "/jobs/employers/" not in client.get("/jobs/").content.decode()


def _queries(client, organisation, jobs: int) -> int:
    places = [site(organisation, a_postcode(p), f"Site {p}") for p in ("NE1 ", "SR1 ")]
    for n in range(jobs):
        VacancyFactory(title=f"Job {n}", organisation=organisation, locations=places)
    url = f"/jobs/employers/{organisation.slug}/"
    client.get(url, {"postcode": "NE1 4ST"})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"postcode": "NE1 4ST"})
    assert len(titles(response.content.decode())) == min(jobs, 20)
    return len(queries)


def test_the_profile_takes_the_same_queries_for_2_or_25_jobs(reference_data, client):
    few = _queries(client, OrganisationFactory(), 2)
    many = _queries(client, OrganisationFactory(), 25)

    assert few == many
