"""Where jobs are: a job at several sites is as near as its nearest; area-based home care posts are
at their council's centre; a postcode district split between councils uses the person's answer."""

import datetime
import re

import pytest
import time_machine

from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ats.alerts.matching import match_alert_batch
from ats.jobs.distance import PostgresDistance, composed_distance, inner_box
from ats.jobs.forms.search import RADIUS_CHOICES
from ats.models import JobAlert, LocalAuthority, Location, Postcode, VacancyPoint
from ats.organisations.locations import locate
from ats.places.postcodes import distance_miles, lookup
from tests.ats.places_support import a_postcode, job_titles, site
from tests.factories import JobAlertFactory, OrganisationFactory, VacancyFactory

NOW = datetime.datetime(2026, 5, 12, 7, 0, tzinfo=datetime.UTC)


def titles(response) -> list[str]:
    return job_titles(response.content.decode())


def distances(response) -> list[float]:
    return [
        float(d) for d in re.findall(r'job-card__distance">([\d.]+) miles away', response.content.decode())
    ]


@pytest.fixture
def multi_site(reference_data):
    """A job at a Middlesbrough home (its first site) and a Newcastle home; one in Sunderland."""
    organisation = OrganisationFactory(name="Two Rivers Care")
    teesside = site(organisation, a_postcode("TS1 "), "Teesside house")
    tyneside = site(organisation, a_postcode("NE1 "), "Tyneside house")
    both = VacancyFactory(
        title="Care assistant at either home", organisation=organisation, locations=[teesside, tyneside]
    )
    other = OrganisationFactory()
    sunderland = VacancyFactory(
        title="Care assistant Sunderland",
        organisation=other,
        locations=[site(other, a_postcode("SR1 "), "SR")],
    )
    return both, sunderland


def test_a_job_at_several_sites_is_found_and_sorted_by_its_nearest_site(multi_site, client):
    near_newcastle = client.get("/jobs/", {"postcode": "NE1 4ST", "radius": "15", "sort": "distance"})

    assert titles(near_newcastle) == ["Care assistant at either home", "Care assistant Sunderland"]
    assert distances(near_newcastle)[0] < 1.5  # Tyneside house, not the first site 35 miles away

    near_middlesbrough = client.get("/jobs/", {"postcode": a_postcode("TS1 "), "radius": "3"})
    assert titles(near_middlesbrough) == ["Care assistant at either home"]
    assert distances(near_middlesbrough)[0] < 1.5


def test_a_job_whose_sites_are_all_out_of_range_is_left_out(multi_site, client):
    assert titles(client.get("/jobs/", {"postcode": a_postcode("DH1 "), "radius": "5"})) == []


def test_an_area_based_home_care_post_is_at_its_councils_centre(reference_data, client):
    northumberland = LocalAuthority.objects.get(slug="northumberland")
    agency = OrganisationFactory(name="Coquet Home Care")
    agency.areas_served.set([northumberland])
    VacancyFactory(
        title="Home carer, rural Northumberland",
        organisation=agency,
        setting="home_care",
        covers_area=True,
        area_description="Morpeth and the Coquet valley",
        locations=[],
    )

    morpeth = client.get("/jobs/", {"postcode": a_postcode("NE61 "), "radius": "10"})
    assert titles(morpeth) == ["Home carer, rural Northumberland"]
    assert titles(client.get("/jobs/", {"postcode": "NE1 4ST", "radius": "10"})) == []  # ~16 miles


def test_an_area_post_with_an_office_is_measured_from_the_area_not_the_office(reference_data, client):
    agency = OrganisationFactory()
    office = site(agency, a_postcode("NE1 "), "Head office")  # Newcastle upon Tyne council
    VacancyFactory(title="Home carer", organisation=agency, covers_area=True, locations=[office])
    centre = LocalAuthority.objects.get(slug="newcastle-upon-tyne")

    response = client.get("/jobs/", {"postcode": "NE1 4ST", "radius": "10"})
    place = lookup("NE1 4ST")
    from ats.places.postcodes import distance_miles

    expected = distance_miles(place.latitude, place.longitude, centre.latitude, centre.longitude)
    assert distances(response) == [round(expected, 1)]


def _queries(client, sites_per_job: int, jobs: int) -> int:
    for n in range(jobs):
        organisation = OrganisationFactory()
        sites = [
            site(organisation, a_postcode(p), f"Site {p}") for p in ("NE1 ", "SR1 ", "NE4 ")[:sites_per_job]
        ]
        VacancyFactory(title=f"Job {n}", organisation=organisation, locations=sites)
    search = {"postcode": "NE1 4ST", "radius": "20", "sort": "distance"}
    client.get("/jobs/", search)
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/jobs/", search)
    assert len(titles(response)) == min(jobs, 20)
    return len(queries)


def test_multi_site_jobs_take_no_extra_queries(reference_data, client):
    one_site_each = _queries(client, 1, 3)
    three_sites_each = _queries(client, 3, 25)

    assert one_site_each == three_sites_each


def test_alerts_match_a_multi_site_job_by_its_nearest_site(multi_site):
    both, _ = multi_site
    with time_machine.travel(NOW, tick=False):
        place = lookup("NE1 4ST")
        alert = JobAlertFactory(
            latitude=place.latitude, longitude=place.longitude, radius_miles=3, criteria={"radius": 3}
        )
        type(both).objects.filter(pk=both.pk).update(published_at=NOW - datetime.timedelta(hours=1))
        assert match_alert_batch([alert.pk], NOW)[alert].newest == [both.pk]


def test_every_postcode_in_the_box_that_skips_measuring_is_within_the_radius(reference_data):
    """Points in the inner box are taken as in range without the great-circle distance: checked
    against every real postcode in it, for every radius the form offers."""
    checked = 0
    for centre in ("NE1 4ST", a_postcode("DH1 "), a_postcode("TS1 "), a_postcode("NE61 ")):
        place = lookup(centre)
        for miles in RADIUS_CHOICES:
            box = inner_box(place.latitude, place.longitude, miles)
            inside = Postcode.objects.exclude(latitude=None).filter(box).values_list("latitude", "longitude")
            for latitude, longitude in inside:
                assert distance_miles(place.latitude, place.longitude, latitude, longitude) < miles
                checked += 1
    assert checked > 1000


def test_a_job_near_the_edge_of_the_radius_is_measured_not_boxed(reference_data, client):
    """Just inside the radius but outside the inner box: listed; just outside: not."""
    place = lookup("NE1 4ST")
    postcodes = Postcode.objects.exclude(latitude=None).exclude(
        inner_box(place.latitude, place.longitude, 10)
    )
    away = {
        p.postcode: distance_miles(place.latitude, place.longitude, p.latitude, p.longitude)
        for p in postcodes
    }
    inside = min((p for p, d in away.items() if d < 10), key=lambda p: 10 - away[p])
    outside = min((p for p, d in away.items() if d > 10), key=lambda p: away[p] - 10)
    for name, postcode in (("Just inside", inside), ("Just outside", outside)):
        organisation = OrganisationFactory()
        VacancyFactory(title=name, organisation=organisation, locations=[site(organisation, postcode, name)])

    assert titles(client.get("/jobs/", {"postcode": "NE1 4ST", "radius": "10"})) == ["Just inside"]


def job_links(response) -> list[str]:
    return re.findall(r'class="job-card__title"><a href="([^"]+)"', response.content.decode())


def test_best_match_lists_equally_good_matches_nearest_first_across_pages(reference_data, client):
    """Distance breaks ties in rank; it is measured only for the jobs that could reach the page, so
    the page boundary must fall where a full sort would put it."""
    place = lookup("NE1 4ST")
    nearby = [
        p.postcode
        for p in Postcode.objects.filter(postcode__startswith="NE")
        .exclude(latitude=None)
        .order_by("postcode")
        if distance_miles(place.latitude, place.longitude, p.latitude, p.longitude) < 14
    ]
    organisation = OrganisationFactory(name="Northern Homes")
    for postcode in nearby[:: max(1, len(nearby) // 26)][:26]:  # one employer, the same words: one rank
        VacancyFactory(
            title="Care assistant",
            organisation=organisation,
            locations=[site(organisation, postcode, "Home")],
        )
    search = {"q": "care", "postcode": "NE1 4ST", "radius": "15"}

    best = [job_links(client.get("/jobs/", {**search, "page": n})) for n in (1, 2)]
    nearest = [job_links(client.get("/jobs/", {**search, "sort": "distance", "page": n})) for n in (1, 2)]

    assert [len(page) for page in best] == [20, 6]
    assert best == nearest


@pytest.mark.parametrize("sort", ["", "relevance", "distance", "newest", "pay", "closing"])
def test_every_sort_shows_each_jobs_distance_to_its_nearest_site_whether_or_not_counts_are_cached(
    multi_site, client, sort
):
    """On PostgreSQL the first search takes the page and its distances from the counting statement
    and the second (counts cached) asks for the page on its own: both show the same cards."""
    both, sunderland = multi_site
    place = lookup("NE1 4ST")
    search = {"q": "care", "postcode": "NE1 4ST", "radius": "50", "sort": sort}
    cache.clear()

    def nearest(vacancy) -> float:
        return min(
            distance_miles(place.latitude, place.longitude, p.latitude, p.longitude)
            for p in vacancy.points.all()
        )

    first, cached = client.get("/jobs/", search), client.get("/jobs/", search)

    assert sorted(titles(first)) == sorted([both.title, sunderland.title])
    shown = dict(zip(titles(first), distances(first), strict=True))
    assert shown[both.title] == pytest.approx(nearest(both), abs=0.051)  # Tyneside house
    assert shown[sunderland.title] == pytest.approx(nearest(sunderland), abs=0.051)
    assert cached.content == first.content


@pytest.mark.postgresql
def test_the_one_node_distance_compiles_to_the_composed_expressions_sql(db):
    for latitude, longitude in [(54.97, -1.61), (55, -2), (54.123456789, -1.000000001)]:
        one = VacancyPoint.objects.annotate(d=PostgresDistance(latitude, longitude)).filter(d__lte=5)
        composed = VacancyPoint.objects.annotate(d=composed_distance(latitude, longitude)).filter(d__lte=5)
        sql, params = one.values("d").query.sql_with_params()
        assert (sql, [(type(p), p) for p in params]) == (
            composed.values("d").query.sql_with_params()[0],
            [(type(p), p) for p in composed.values("d").query.sql_with_params()[1]],
        )


def test_one_and_several_site_jobs_near_the_edge_are_found_as_measuring_every_site(reference_data, client):
    """A job with one point is tested on its own row, a job with several by its points (on
    PostgreSQL two index scans in one statement): either way a job is listed and counted exactly
    when one of its points is within the radius, and shows its nearest point's distance."""
    place = lookup("NE1 4ST")
    ring = [  # outside the box that skips measuring, so each is measured
        (distance_miles(place.latitude, place.longitude, p.latitude, p.longitude), p.postcode)
        for p in Postcode.objects.exclude(latitude=None).exclude(
            inner_box(place.latitude, place.longitude, 10)
        )
    ]
    inside = sorted((d, p) for d, p in ring if 9 < d < 10)[-5:]
    outside = sorted((d, p) for d, p in ring if 10 < d < 11)[:2]
    far = a_postcode("TS1 ")
    layouts = {
        "One site just inside": [inside[-1][1]],
        "One site just outside": [outside[0][1]],
        "Two sites, the second just inside": [far, inside[0][1]],
        "Two sites, both outside": [far, outside[-1][1]],
        "Three sites, one inside": [far, outside[0][1], inside[-2][1]],
        "Two sites, the first just inside": [inside[1][1], far],
        "Four sites, only the fourth inside": [far, outside[0][1], outside[-1][1], inside[2][1]],
        "Four sites, all outside": [far, outside[0][1], outside[-1][1], a_postcode("DH1 ")],
    }
    jobs = {}
    for title, postcodes in layouts.items():
        organisation = OrganisationFactory()
        locations = [site(organisation, p, f"{title} {n}") for n, p in enumerate(postcodes)]
        jobs[title] = VacancyFactory(
            title=title, organisation=organisation, locations=locations, contract="permanent"
        )
    expected = {
        title: min(
            distance_miles(place.latitude, place.longitude, p.latitude, p.longitude) for p in job.points.all()
        )
        for title, job in jobs.items()
    }
    expected = {title: d for title, d in expected.items() if d <= 10}
    search = {
        "q": "site",
        "postcode": "NE1 4ST",
        "radius": "10",
        "contract": "permanent",
        "sort": "distance",
    }
    cache.clear()

    for response in (client.get("/jobs/", search), client.get("/jobs/", search)):  # counts cached
        assert titles(response) == sorted(expected, key=expected.get)
        assert distances(response) == [round(d, 1) for d in sorted(expected.values())]
        assert f'results-summary__count">{len(expected)} jobs' in response.content.decode()
    assert {job.point_count for job in jobs.values()} == {1, 2, 3, 4}


def test_a_job_is_found_where_its_second_and_third_sites_are_now(reference_data, client):
    """A job's first three points are kept on its row for search: moving one of its sites in or out
    of range moves the job in or out of the results and counts, as it does its alerts."""
    organisation = OrganisationFactory()
    homes = [site(organisation, a_postcode(prefix), prefix) for prefix in ("TS1 ", "DH1 ", "SR1 ")]
    VacancyFactory(title="Care assistant, three homes", organisation=organisation, locations=homes)
    search = {"q": "homes", "postcode": "NE1 4ST", "radius": "5"}

    def found() -> tuple[list[str], list[float]]:
        cache.clear()  # counts and page from the search's own statement, not the cached path
        response = client.get("/jobs/", search)
        count = "1 job" if titles(response) else "0 jobs"
        assert f'results-summary__count">{count}' in response.content.decode()
        return titles(response), distances(response)

    def move(home: Location, postcode: str) -> None:
        home.postcode, home.latitude, home.longitude, home.local_authority = postcode, None, None, None
        locate(home)  # as the admin saves a site: its jobs are refreshed

    assert found() == ([], [])
    move(homes[2], "NE1 4ST")
    assert found() == (["Care assistant, three homes"], [0.0])
    move(homes[2], a_postcode("SR1 "))
    assert found() == ([], [])
    move(homes[1], "NE1 4ST")
    assert found() == (["Care assistant, three homes"], [0.0])


# Split postcode districts -------------------------------------------------------------------------


def test_split_district_answer_is_kept_and_names_the_council(reference_data, client):
    page = client.get("/jobs/", {"postcode": "DH3", "council": "gateshead"}).content.decode()

    assert 'id="council-gateshead" name="council" value="gateshead" checked' in page
    assert "You live in Gateshead." in page
    assert "?postcode=DH3&amp;council=gateshead&amp;area=gateshead" in page  # the area filter shortcut
    assert "outside the North East" not in page


def test_the_area_shortcut_filters_to_the_chosen_council(reference_data, client):
    organisation = OrganisationFactory()
    VacancyFactory(
        title="Gateshead job", organisation=organisation, locations=[site(organisation, "NE8 1AA", "x")]
    )
    VacancyFactory(
        title="Durham job", organisation=organisation, locations=[site(organisation, a_postcode("DH1 "), "y")]
    )

    everything = client.get("/jobs/", {"postcode": "DH3", "council": "gateshead", "radius": "20"})
    only_gateshead = client.get(
        "/jobs/", {"postcode": "DH3", "council": "gateshead", "radius": "20", "area": "gateshead"}
    )

    assert sorted(titles(everything)) == ["Durham job", "Gateshead job"]
    assert titles(only_gateshead) == ["Gateshead job"]
    assert "Only show jobs in Gateshead" not in only_gateshead.content.decode()
    assert (
        'postcode=DH3&amp;radius=20&amp;council=gateshead">Clear filters' in only_gateshead.content.decode()
    )


def test_split_district_mostly_outside_the_region_is_in_it_for_someone_who_says_so(reference_data, client):
    unanswered = client.get("/jobs/", {"postcode": "DL11"}).content.decode()
    durham = client.get("/jobs/", {"postcode": "DL11", "council": "county-durham"}).content.decode()
    elsewhere = client.get("/jobs/", {"postcode": "DL11", "council": "other"}).content.decode()

    assert "Which council area do you live in?" in unanswered
    assert "Another council, outside the North East" in unanswered
    assert "outside the North East. We have still looked" not in unanswered  # not before they answer
    assert "outside the North East. We have still looked" not in durham
    assert "You live in County Durham." in durham
    assert "DL11 in your council area is outside the North East" in elsewhere


def test_split_district_choosing_a_council_outside_the_region_says_so(reference_data, client):
    cumberland = client.get("/jobs/", {"postcode": "CA8", "council": "cumberland"}).content.decode()
    northumberland = client.get("/jobs/", {"postcode": "CA8", "council": "northumberland"}).content.decode()

    assert "CA8 is split between councils" in cumberland
    assert "CA8 is outside the North East" in cumberland
    assert "outside the North East. We have" not in northumberland
    assert "You live in Northumberland." in northumberland


def test_a_made_up_council_answer_changes_nothing(reference_data, client):
    page = client.get("/jobs/", {"postcode": "DH3", "council": "'; drop table--"}).content.decode()

    assert "Which council area do you live in?" in page
    assert "checked" not in re.search(
        r"<fieldset class=\"form-group filter-group.*?</fieldset>", page, re.S
    ).group(0)
    assert "You live in" not in page


def test_an_alert_for_a_split_district_asks_for_the_council_and_keeps_it(
    reference_data, client, django_capture_on_commit_callbacks
):
    form = client.get("/jobs/alerts/new/", {"postcode": "DH3", "radius": "5"}).content.decode()
    assert "DH3 is split between councils. Which council area do you live in?" in form

    missing = client.post(
        "/jobs/alerts/new/",
        {"email": "sam@example.org", "frequency": "daily", "query": "postcode=DH3&radius=5"},
    )
    page = missing.content.decode()
    assert "There is a problem" in page and page.count("Choose the council area you live in") == 2
    assert not JobAlert.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/jobs/alerts/new/",
            {
                "email": "sam@example.org",
                "frequency": "daily",
                "query": "postcode=DH3&radius=5",
                "council": "gateshead",
            },
        )
    alert = JobAlert.objects.get()
    assert alert.criteria["council"] == "gateshead" and alert.criteria["postcode"] == "DH3"
    assert alert.description == "Care jobs within 5 miles of DH3 (Gateshead)"
    assert "DH3 (Gateshead)" in mail.outbox[0].body


def test_an_alert_from_a_search_that_already_answered_does_not_ask_again(reference_data, client):
    form = client.get("/jobs/alerts/new/", {"postcode": "DH3", "council": "county-durham"}).content.decode()

    assert "Which council area do you live in?" not in form
    assert "within 10 miles of DH3 (County Durham)" in form
