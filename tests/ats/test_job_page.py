"""The job page, Google for Jobs JSON-LD, the sitemap, feeds and the placeable job search page."""

import datetime
import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Site

from ats.jobs.distance import distance_expression
from ats.jobs.search import similar_vacancies
from ats.models import JobSearchPage, Vacancy
from tests.factories import (
    LocalAuthorityFactory,
    LocationFactory,
    OrganisationFactory,
    RoleFactory,
    VacancyFactory,
)

GOOGLE_REQUIRED = {"title", "description", "datePosted", "hiringOrganization", "jobLocation"}
GOOGLE_RECOMMENDED = {"validThrough", "employmentType", "baseSalary", "directApply", "identifier"}


def json_ld(response) -> dict:
    return json_ld_from(response.content.decode())


def json_ld_from(page: str) -> dict:
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def test_job_page_shows_the_details_a_jobseeker_needs(db, client):
    council = LocalAuthorityFactory(name="Gateshead", slug="gateshead")
    employer = OrganisationFactory(name="Riverside Care", description="A friendly home near the river.")
    location = LocationFactory(
        organisation=employer, postcode="NE8 1AA", latitude=54.95, longitude=-1.6, local_authority=council
    )
    vacancy = VacancyFactory(
        organisation=employer,
        locations=[location],
        title="Care assistant",
        summary="Help older people live well.",
        description="You will help with personal care.",
        hours_per_week=Decimal("30"),
        pattern=Vacancy.Pattern.PART_TIME,
        benefits=["paid_training", "mileage"],
        driving_required=True,
        own_vehicle_required=True,
        new_to_care_welcome=True,
        dbs_level=Vacancy.DbsLevel.ENHANCED_BARRED,
    )

    page = client.get(vacancy.get_absolute_url()).content.decode()

    for text in [
        "Care assistant",
        "Help older people live well.",
        "You will help with personal care.",
        "£12.60 to £13.20 an hour",
        "£19,732 to £20,671 a year for 30 hours a week",
        "30 hours a week, part time",
        "Paid training",
        "Mileage paid",
        "A driving licence and your own vehicle",
        "Enhanced DBS check with adult barred list",
        "New to care? You're welcome",
        "About Riverside Care",
        "A friendly home near the river.",
        "https://www.openstreetmap.org/?mlat=54.95000&amp;mlon=-1.60000",
        "Save or share this job",
        "Email this job to someone",
    ]:
        assert text in page, text
    assert "This job has closed" not in page


def test_closed_job_still_answers_with_closed_and_similar_jobs(db, client):
    closed = VacancyFactory(title="Night carer", status=Vacancy.Status.CLOSED)
    VacancyFactory(title="Another night carer", role=closed.role)

    response = client.get(closed.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert "This job has closed" in page
    assert "Similar jobs" in page and "Another night carer" in page
    assert "application/ld+json" not in page
    assert "Apply for this job" not in page


def test_a_job_page_is_its_own_canonical_page_when_shared(db, client):
    vacancy = VacancyFactory(title="Home carer, Hexham", summary="Visit people in their own homes.")

    page = client.get(vacancy.get_absolute_url()).content.decode()

    own_url = f"http://testserver{vacancy.get_absolute_url()}"
    assert re.findall(r'<link rel="canonical" href="([^"]+)"', page) == [own_url]
    assert f'<meta property="og:url" content="{own_url}">' in page
    assert '<meta property="og:title" content="Home carer, Hexham">' in page
    assert '<meta property="og:description" content="Visit people in their own homes.">' in page
    assert '<meta name="twitter:title" content="Home carer, Hexham">' in page


def test_draft_and_pending_jobs_are_not_found(db, client):
    assert client.get(VacancyFactory(draft=True).get_absolute_url()).status_code == 404
    assert client.get(VacancyFactory(status=Vacancy.Status.PENDING).get_absolute_url()).status_code == 404
    assert client.get("/jobs/no-such-job/").status_code == 404


def test_live_job_carries_jobposting_json_ld_with_google_properties(db, client):
    vacancy = VacancyFactory(
        title="Senior carer <b>",
        description="Lead shifts </script> safely.",
        closing_date=datetime.date(2030, 5, 1),
        contract=Vacancy.Contract.PERMANENT,
        pattern=Vacancy.Pattern.FULL_TIME,
    )

    data = json_ld(client.get(vacancy.get_absolute_url()))

    assert data["@context"] == "https://schema.org/" and data["@type"] == "JobPosting"
    assert data.keys() >= GOOGLE_REQUIRED | GOOGLE_RECOMMENDED
    assert data["title"] == "Senior carer <b>"
    assert "Lead shifts </script> safely." in data["description"]
    assert data["datePosted"] == timezone.localdate(vacancy.published_at).isoformat()
    assert data["validThrough"].startswith("2030-05-01T23:59")
    assert data["employmentType"] == ["FULL_TIME"]
    assert data["hiringOrganization"] == {"@type": "Organization", "name": vacancy.organisation.name}
    assert data["jobLocation"]["address"]["postalCode"] == "NE1 4ST"
    assert data["jobLocation"]["address"]["addressCountry"] == "GB"
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "GBP",
        "value": {"@type": "QuantitativeValue", "unitText": "HOUR", "minValue": 12.6, "maxValue": 13.2},
    }
    assert data["directApply"] is True
    assert data["identifier"]["value"] == str(vacancy.public_id)


def test_area_based_home_care_names_the_area_it_covers(db, client):
    council = LocalAuthorityFactory(name="Northumberland", slug="northumberland")
    employer = OrganisationFactory(local_authority=council)
    vacancy = VacancyFactory(
        organisation=employer,
        locations=[],
        covers_area=True,
        apply_method="external",
        external_url="https://trac.example/1",
    )

    data = json_ld(client.get(vacancy.get_absolute_url()))

    assert data["applicantLocationRequirements"] == {"@type": "AdministrativeArea", "name": "Northumberland"}
    assert data["jobLocation"]["address"]["addressLocality"] == "Northumberland"
    assert data["directApply"] is False


def test_an_area_job_whose_employer_has_no_council_still_shows_the_area_it_covers(db, client):
    vacancy = VacancyFactory(
        organisation=OrganisationFactory(local_authority=None),
        locations=[],
        covers_area=True,
        area_description="Northumberland",
    )
    assert vacancy.local_authority_id is None

    response = client.get(vacancy.get_absolute_url())

    assert response.status_code == 200
    assert "covering Northumberland" in response.content.decode()


def test_sitemap_lists_live_jobs_with_lastmod(db, client, home_page):
    live = VacancyFactory()
    closed = VacancyFactory(closed=True)

    xml = client.get("/sitemap.xml").content.decode()

    assert f"/jobs/{live.slug}/</loc><lastmod>{live.updated_at.date().isoformat()}" in xml
    assert closed.slug not in xml


def test_xml_feed_lists_every_live_job_for_aggregators(db, client):
    live = VacancyFactory(title="Carer & cook")
    VacancyFactory(draft=True)

    response = client.get("/jobs/feed.xml")

    root = ET.fromstring(b"".join(response.streaming_content))  # noqa: S314 (our own output)
    jobs = root.findall("job")
    assert len(jobs) == 1
    assert jobs[0].findtext("title") == "Carer & cook"
    assert jobs[0].findtext("referencenumber") == str(live.public_id)
    assert jobs[0].findtext("url").endswith(f"/jobs/{live.slug}/")
    assert (
        jobs[0].findtext("salary")
        == "£12.60 to £13.20 an hour (£24,665 to £25,839 a year for 37.5 hours a week)"
    )


def test_json_feed_is_a_json_feed(db, client):
    live = VacancyFactory()

    data = client.get("/jobs/feed.json").json()

    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert [item["id"] for item in data["items"]] == [str(live.public_id)]


def test_rss_feed_per_council_area(db, client):
    council = LocalAuthorityFactory(name="Sunderland", slug="sunderland")
    here = VacancyFactory(title="Sunderland carer", locations=[LocationFactory(local_authority=council)])
    VacancyFactory(title="Elsewhere carer")

    response = client.get("/jobs/areas/sunderland/feed.rss")

    root = ET.fromstring(response.content)  # noqa: S314 (our own output)
    assert root.findtext("channel/title") == "Care jobs in Sunderland"
    assert [i.findtext("title") for i in root.findall("channel/item")] == [
        f"Sunderland carer, {here.organisation.name}"
    ]
    assert client.get("/jobs/areas/atlantis/feed.rss").status_code == 404


def test_job_search_page_can_be_placed_elsewhere_and_introduces_the_search(db, client, home_page):
    page = home_page.add_child(
        instance=JobSearchPage(title="Care jobs near you", slug="find-work", intro="<p>Start here.</p>")
    )
    vacancy = VacancyFactory(title="Kitchen assistant")

    search = client.get("/find-work/").content.decode()
    detail = client.get(f"/find-work/{vacancy.slug}/")
    stable = client.get("/jobs/").content.decode()

    assert "Care jobs near you" in search and "Start here." in search and "Kitchen assistant" in search
    assert detail.status_code == 200 and "Kitchen assistant" in detail.content.decode()
    assert "Start here." in stable  # /jobs/ renders with the live page's words
    assert page.url == "/find-work/"


def test_a_placed_search_page_shows_job_changes_on_the_next_request_as_jobs_does(db, client, home_page):
    # Campaign pages are cached for anonymous visitors until a page is published; a job closing or a
    # new job is not a page publish, so the search page placed in the tree must not be kept either.
    home_page.add_child(instance=JobSearchPage(title="Care jobs near you", slug="find-work"))
    vacancy = VacancyFactory(title="Kitchen assistant")
    assert "Apply for this job" in client.get(f"/find-work/{vacancy.slug}/").content.decode()
    assert "Night carer" not in client.get("/find-work/").content.decode()

    vacancy.status = Vacancy.Status.CLOSED
    vacancy.save()
    VacancyFactory(title="Night carer")
    detail = client.get(f"/find-work/{vacancy.slug}/")
    search = client.get("/find-work/")

    assert "This job has closed" in detail.content.decode()
    assert "Night carer" in search.content.decode()
    assert "X-Page-Cache" not in detail and "X-Page-Cache" not in search


# Cost of the job page (issue 4): a fixed set of queries, whatever the job, its sites, its employer's
# areas or its similar jobs; the search page it renders with comes from the chrome cache.


def _job_page_queries(client, vacancy) -> tuple[list[str], str]:
    client.get("/jobs/")  # the chrome (and the search page with it) cached, as after any first visitor
    with CaptureQueriesContext(connection) as queries:
        response = client.get(vacancy.get_absolute_url())
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries], response.content.decode()


def _busy_job(sites: int, areas: int, similar: int) -> Vacancy:
    employer = OrganisationFactory(name="Riverside Care")
    employer.areas_served.set(
        LocalAuthorityFactory(name=f"Council {n}", slug=f"council-{n}") for n in range(areas)
    )
    locations = [
        LocationFactory(
            organisation=employer, postcode=f"NE1 {n}AA", latitude=54.97 + n / 100, longitude=-1.61
        )
        for n in range(sites)
    ]
    vacancy = VacancyFactory(organisation=employer, locations=locations)
    for n in range(similar):
        VacancyFactory(title=f"Nearby carer {n}", role=vacancy.role)
    return vacancy


@pytest.mark.parametrize(("sites", "areas", "similar"), [(1, 1, 1), (3, 4, 6)])
def test_job_page_takes_six_queries_whatever_its_sites_areas_and_similar_jobs(
    db, client, home_page, sites, areas, similar
):
    home_page.add_child(instance=JobSearchPage(title="Find a care job", slug="jobs-page"))
    vacancy = _busy_job(sites, areas, similar)

    queries, page = _job_page_queries(client, vacancy)

    # the job with its employer, role and council; its sites; the employer's areas; similar jobs;
    # the employer's live jobs; Wagtail's site lookup (its own, once per request). No query for the
    # search page, the chrome or any job card.
    assert len(queries) == 6, "\n".join(queries)
    assert not any("wagtailcore_page" in sql and "wagtailcore_site" not in sql for sql in queries)
    assert page.count('class="job-card"') == min(similar, 4)
    assert "Find a care job</a>" in page  # the search page's title (breadcrumb), from the cache


def test_with_nothing_similar_nearby_the_job_page_looks_further_in_one_more_query(db, client):
    vacancy = _busy_job(1, 1, 0)
    VacancyFactory(
        title="Far carer", role=vacancy.role, locations=[LocationFactory(latitude=55.6, longitude=-1.7)]
    )

    queries, page = _job_page_queries(client, vacancy)

    assert len(queries) == 7, "\n".join(queries)
    assert "Far carer" in page and "miles away" not in page


def test_job_page_for_a_signed_in_jobseeker_adds_only_the_session_user_and_saved_state(db, client, jobseeker):
    vacancy = _busy_job(2, 2, 2)
    client.force_login(jobseeker)

    queries, page = _job_page_queries(client, vacancy)

    assert len(queries) == 9, "\n".join(queries)  # + session, user, saved job
    assert "Save this job" in page


def test_similar_jobs_are_the_newest_nearby_with_the_distance_the_database_measures(db, client):
    here = LocationFactory(postcode="NE1 4ST", latitude=54.9724, longitude=-1.6115)
    vacancy = VacancyFactory(locations=[here])
    now = timezone.now()
    places = [
        (54.9780, -1.6178),
        (54.9069, -1.3838),
        (55.0077, -1.4400),
        (54.7761, -1.5733),
        (54.9500, -1.6000),
    ]
    jobs = [
        VacancyFactory(
            title=f"Similar {n}",
            role=vacancy.role,
            published_at=now - datetime.timedelta(hours=n),
            locations=[LocationFactory(latitude=lat, longitude=lon)],
        )
        for n, (lat, lon) in enumerate(places)
    ]
    VacancyFactory(title="Other role", role=RoleFactory(name="Cook"))
    VacancyFactory(
        title="Too far", role=vacancy.role, locations=[LocationFactory(latitude=55.6, longitude=-1.7)]
    )

    similar = similar_vacancies(vacancy)
    measured = dict(
        Vacancy.objects.annotate(d=distance_expression(vacancy.latitude, vacancy.longitude)).values_list(
            "pk", "d"
        )
    )

    assert [job.title for job in similar] == ["Similar 0", "Similar 1", "Similar 2", "Similar 3"]
    assert [job.distance for job in similar] == [measured[job.pk] for job in jobs[:4]]  # the same floats
    page = client.get(vacancy.get_absolute_url()).content.decode()
    cards = re.findall(r'<li class="job-card">.*?</li>\n', page, re.S)
    assert [re.search(r"(Similar \d)</a>", card).group(1) for card in cards] == [j.title for j in similar]
    for card, job in zip(cards, similar, strict=True):
        assert f"{job.distance:.1f} miles away" in card
        assert "£12.60 to £13.20 an hour" in card and "37.5 hours a week, full time" in card
        assert f'href="/jobs/employers/{job.organisation.slug}/">{job.organisation.name}</a>' in card


def test_a_job_without_a_place_shows_the_newest_similar_jobs_without_distances(db, client):
    vacancy = VacancyFactory(locations=[], covers_area=False)
    VacancyFactory(title="Anywhere carer", role=vacancy.role)

    page = client.get(vacancy.get_absolute_url()).content.decode()

    assert "Anywhere carer" in page and "miles away" not in page


def test_an_edit_to_the_job_or_its_employer_shows_on_the_next_request(db, client):
    vacancy = _busy_job(1, 1, 1)
    client.get(vacancy.get_absolute_url())

    vacancy.title = "Senior night carer"
    vacancy.save()
    vacancy.organisation.name = "Hillside Care"
    vacancy.organisation.save()
    page = client.get(vacancy.get_absolute_url()).content.decode()

    assert "Senior night carer" in page and "About Hillside Care" in page
    assert json_ld_from(page)["hiringOrganization"]["name"] == "Hillside Care"


def test_publishing_the_search_page_shows_on_the_next_job_page(db, client, home_page):
    search_page = home_page.add_child(instance=JobSearchPage(title="Find a care job", slug="care-jobs"))
    vacancy = VacancyFactory()
    crumb = '<li><a href="http://localhost/care-jobs/">{}</a></li>'
    assert crumb.format("Find a care job") in client.get(vacancy.get_absolute_url()).content.decode()

    search_page.title = "Care jobs across the North East"
    search_page.save_revision().publish()
    page = client.get(vacancy.get_absolute_url()).content.decode()
    assert crumb.format("Care jobs across the North East") in page

    search_page.unpublish()
    page = client.get(vacancy.get_absolute_url()).content.decode()
    assert "Care jobs across the North East" not in page


def test_moving_the_site_shows_in_the_job_pages_links_on_the_next_request(db, client, home_page):
    home_page.add_child(instance=JobSearchPage(title="Find a care job", slug="care-jobs"))
    vacancy = VacancyFactory()
    page = client.get(vacancy.get_absolute_url()).content.decode()
    assert '<a href="http://localhost/care-jobs/">Find a care job</a>' in page  # the breadcrumb

    Site.objects.filter(is_default_site=True).update(port=8080)
    Site.objects.get(is_default_site=True).save()  # as the admin saves it
    page = client.get(vacancy.get_absolute_url()).content.decode()

    assert '<a href="http://localhost:8080/care-jobs/">Find a care job</a>' in page
