"""Job search at /jobs/: keyword, distance, filters with counts, sorts, pages and bad input."""

import datetime
import re
from decimal import Decimal

import pytest

from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ats.jobs.forms.search import JobSearchForm
from ats.jobs.models import unpack_facets
from ats.jobs.search import search_vacancies
from ats.models import LocalAuthority, Organisation, Postcode, Vacancy
from ats.places.postcodes import lookup
from tests.factories import LocationFactory, OrganisationFactory, RoleFactory, VacancyFactory


def job_at(postcode: str, **kwargs) -> Vacancy:
    place = lookup(postcode)
    organisation = kwargs.pop("organisation", None) or OrganisationFactory()
    location = LocationFactory(
        organisation=organisation,
        postcode=postcode,
        latitude=place.latitude,
        longitude=place.longitude,
        local_authority=place.local_authority,
    )
    return VacancyFactory(organisation=organisation, locations=[location], **kwargs)


def titles(response) -> list[str]:
    return re.findall(r'class="job-card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def a_postcode(prefix: str) -> str:
    return Postcode.objects.filter(postcode__startswith=prefix).exclude(latitude=None).first().postcode


@pytest.fixture
def region(reference_data):
    """Jobs in Newcastle, Sunderland (~11 miles away) and Middlesbrough (~35 miles away)."""
    return {
        "newcastle": job_at(a_postcode("NE1 "), title="Care assistant Newcastle"),
        "sunderland": job_at(a_postcode("SR1 "), title="Care assistant Sunderland"),
        "middlesbrough": job_at(a_postcode("TS1 "), title="Support worker Middlesbrough"),
    }


def test_search_by_postcode_lists_nearest_first_with_the_distance(region, client):
    response = client.get("/jobs/", {"postcode": "ne1 4st", "radius": "15"})

    assert titles(response) == ["Care assistant Newcastle", "Care assistant Sunderland"]
    page = response.content.decode()
    assert "2 jobs within 15 miles of NE1 4ST" in page
    distances = [float(d) for d in re.findall(r'job-card__distance">([\d.]+) miles away', page)]
    assert distances == sorted(distances)
    assert distances[0] < 1.5 and 9 < distances[1] < 13


def test_keyword_search_finds_words_anywhere_and_in_any_case(region, client):
    assert titles(client.get("/jobs/", {"q": "SUPPORT worker"})) == ["Support worker Middlesbrough"]
    assert titles(client.get("/jobs/", {"q": "sunderland"})) == ["Care assistant Sunderland"]


def test_invalid_postcode_is_explained_inline_and_the_rest_of_the_search_kept(region, client):
    response = client.get("/jobs/", {"q": "care", "postcode": "not a postcode", "new_to_care": "on"})

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Enter a real postcode, like NE1 4ST") == 2  # error summary and inline
    assert 'href="#id_postcode"' in page
    assert 'value="care"' in page
    assert 'value="not a postcode"' in page
    assert 'id="f-new_to_care" name="new_to_care" value="on" checked' in page


def test_unknown_district_is_named(region, client):
    page = client.get("/jobs/", {"postcode": "ZZ99 9ZZ"}).content.decode()

    assert "We could not find the postcode district ZZ99" in page


def test_postcode_outside_the_north_east_is_accepted_but_said_to_be_outside(region, client):
    page = client.get("/jobs/", {"postcode": "LS1", "radius": "50"}).content.decode()

    assert "LS1 is outside the North East" in page
    assert "Enter a real postcode" not in page


def test_split_district_asks_which_council(region, client):
    page = client.get("/jobs/", {"postcode": "DH3"}).content.decode()

    assert "DH3 is split between councils. Which council area do you live in?" in page
    assert "County Durham" in page and "Gateshead" in page


@pytest.mark.parametrize(
    ("radius", "shown"), [("99999", "50"), ("-4", "1"), ("abc", "10"), ("1e309", "10"), ("2", "3")]
)
def test_absurd_radius_is_clamped(region, client, radius, shown):
    response = client.get("/jobs/", {"postcode": "NE1 4ST", "radius": radius})

    assert response.status_code == 200
    assert f'<option value="{shown}" selected>' in response.content.decode()


@pytest.mark.parametrize("page", ["0", "-1", "999999999999999999999", "abc", "3.5"])
def test_absurd_page_numbers_are_clamped(region, client, page):
    response = client.get("/jobs/", {"page": page})

    assert response.status_code == 200
    assert len(titles(response)) == 3


@pytest.mark.parametrize(
    "keyword",
    [
        '"care',
        "'; DROP TABLE ats_vacancy; --",
        "care & support | !nurse",
        "🧓💙",
        "x" * 5000,
        "%_\\",
        "<script>",
    ],
)
def test_any_keyword_is_harmless(region, client, keyword):
    response = client.get("/jobs/", {"q": keyword})

    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]
    assert Vacancy.objects.count() == 3


def test_filters_show_counts_and_narrow_the_results(reference_data, client):
    home_care = RoleFactory(name="Home care worker")
    job_at(a_postcode("NE1 "), title="Driver job", role=home_care, driving_required=True)
    job_at(a_postcode("NE1 "), title="Walker job", new_to_care_welcome=True)
    job_at(a_postcode("NE1 "), title="Nurse job", visa_sponsorship=True, contract=Vacancy.Contract.BANK)

    page = client.get("/jobs/").content.decode()
    assert 'Home care worker <span class="filter-count">(1)</span>' in page
    assert 'No driving needed <span class="filter-count">(2)</span>' in page
    assert 'Bank or relief <span class="filter-count">(1)</span>' in page

    assert titles(client.get("/jobs/", {"no_driving": "on"})) == ["Nurse job", "Walker job"]
    assert titles(client.get("/jobs/", {"role": "home-care-worker"})) == ["Driver job"]
    assert titles(client.get("/jobs/", {"sponsorship": "on"})) == ["Nurse job"]
    assert titles(client.get("/jobs/", {"new_to_care": "on", "no_driving": "on"})) == ["Walker job"]
    assert titles(client.get("/jobs/", {"contract": ["bank", "nonsense"]})) == ["Nurse job"]


def test_area_filter_and_nhs_filter(reference_data, client):
    job_at(a_postcode("SR1 "), title="Sunderland job")
    job_at(
        a_postcode("NE1 "),
        title="NHS job",
        afc_band="3",
        pay_min=None,
        organisation=OrganisationFactory(nhs=True),
    )

    assert titles(client.get("/jobs/", {"area": "sunderland"})) == ["Sunderland job"]
    assert titles(client.get("/jobs/", {"kind": "nhs_trust"})) == ["NHS job"]


def test_minimum_pay_leaves_out_jobs_without_pay(db, client):
    VacancyFactory(title="Low", summary="Care job", pay_min=Decimal("12.21"), pay_max=Decimal("12.40"))
    VacancyFactory(title="High", summary="Care job", pay_min=Decimal("14.00"), pay_max=Decimal("15.00"))
    VacancyFactory(title="Unknown", summary="Care job", pay_min=None, pay_max=None)

    assert titles(client.get("/jobs/", {"min_pay": "13.00"})) == ["High"]
    assert titles(client.get("/jobs/", {"sort": "pay"})) == ["High", "Low", "Unknown"]
    assert titles(client.get("/jobs/", {"sort": "pay", "q": "care job"})) == ["High", "Low", "Unknown"]


def test_sorts_by_newest_and_closing_soonest(db, client):
    import datetime

    today = datetime.date.today()
    VacancyFactory(title="Old, closes late", closing_date=today + datetime.timedelta(days=30))
    VacancyFactory(title="New, closes soon", closing_date=today + datetime.timedelta(days=2))

    assert titles(client.get("/jobs/", {"sort": "newest"})) == ["New, closes soon", "Old, closes late"]
    assert titles(client.get("/jobs/", {"sort": "closing"})) == ["New, closes soon", "Old, closes late"]
    assert titles(client.get("/jobs/", {"sort": "nonsense"}))[0] == "New, closes soon"


def test_no_results_near_a_postcode_offers_a_wider_radius(region, client):
    page = client.get("/jobs/", {"postcode": "NE61", "radius": "3"}).content.decode()

    assert "No jobs match your search" in page
    assert "Search within 5 miles instead" in page
    assert "radius=5" in page


def test_results_are_paginated_with_shareable_urls(db, client):
    VacancyFactory.create_batch(25)

    first = client.get("/jobs/", {"sort": "newest"})
    second = client.get("/jobs/", {"sort": "newest", "page": "2"})

    assert len(titles(first)) == 20
    assert len(titles(second)) == 5
    assert "?sort=newest&amp;page=2" in first.content.decode()


def _queries_for_search(client, count: int) -> int:
    Vacancy.objects.all().delete()
    la = LocalAuthority.objects.get(slug="newcastle-upon-tyne")
    for n in range(count):
        organisation = OrganisationFactory()
        location = LocationFactory(organisation=organisation, local_authority=la)
        VacancyFactory(
            organisation=organisation, locations=[location], role=RoleFactory(name=f"Role {n % 7}")
        )
    search = {"q": "care", "postcode": "NE1 4ST", "radius": "10", "kind": "provider", "sort": "distance"}
    client.get("/jobs/", search)  # warm the per-process caches (site, settings)
    cache.clear()  # but count the facet query, which is cached briefly
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/jobs/", search)
    assert response.status_code == 200
    assert len(re.findall("job-card__distance", response.content.decode())) == min(count, 20)
    return len(queries)


def test_search_uses_the_same_number_of_queries_for_5_or_50_results(reference_data, client):
    few = _queries_for_search(client, 5)
    many = _queries_for_search(client, 50)

    assert few == many
    assert many <= 20


@pytest.mark.parametrize("count", [5, 45])
def test_a_search_is_two_queries_or_one_with_its_counts_cached_whatever_the_number_of_results(
    reference_data, count
):
    la = LocalAuthority.objects.get(slug="newcastle-upon-tyne")
    for n in range(count):
        organisation = OrganisationFactory(verified=n % 2 == 0)
        location = LocationFactory(organisation=organisation, local_authority=la)
        VacancyFactory(
            organisation=organisation,
            locations=[location],
            role=RoleFactory(name=f"Role {n % 7}"),
            contract="permanent",
            new_to_care_welcome=n % 5 != 0,  # some fail one filter: counted, not listed
        )
    params = QueryDict("q=care&postcode=NE1+4ST&radius=10&kind=provider&new_to_care=on&contract=permanent")
    cache.clear()

    def search_and_read_the_cards() -> tuple[int, list]:
        form = JobSearchForm(params)
        form.is_valid()
        with CaptureQueriesContext(connection) as queries:
            results = search_vacancies(form.criteria(), form, page_number=1)
            cards = [
                (job.title, job.organisation.name, job.local_authority.name, job.distance)
                for job in results.page
            ]
        return len(queries), cards

    uncached, cards = search_and_read_the_cards()
    cached, cards_again = search_and_read_the_cards()

    assert len(cards) == min(count - (count + 4) // 5, 20)
    assert all(distance is not None for *_, distance in cards)
    assert (uncached, cached) == (2, 1)
    assert cards_again == cards


def test_a_facets_counts_ignore_its_own_choice_but_follow_the_others(db, client):
    VacancyFactory(title="Res 1", setting="residential", new_to_care_welcome=True)
    VacancyFactory(title="Res 2", setting="residential")
    VacancyFactory(title="Home 1", setting="home_care", new_to_care_welcome=True)

    page = client.get("/jobs/", {"setting": "residential", "new_to_care": "on"}).content.decode()

    assert titles_in(page) == ["Res 1"]
    # Settings: counted with "new to care" applied but not the setting choice itself.
    assert 'Residential care <span class="filter-count">(1)</span>' in page
    assert 'Home care <span class="filter-count">(1)</span>' in page
    # New to care: counted with the setting applied.
    assert 'New to care welcome <span class="filter-count">(1)</span>' in page
    assert "1 job" in page


def titles_in(page: str) -> list[str]:
    return re.findall(r'class="job-card__title"><a href="[^"]+">([^<]+)</a>', page)


def test_counts_with_several_filters_leave_out_jobs_failing_two_and_count_agenda_for_change_as_nhs(
    db, client
):
    provider, voluntary = OrganisationFactory(kind="provider"), OrganisationFactory(kind="voluntary")
    chosen = {"organisation": provider, "setting": "residential", "new_to_care_welcome": True}
    VacancyFactory(title="Chosen", **chosen)
    VacancyFactory(title="Experienced only", **{**chosen, "new_to_care_welcome": False})
    VacancyFactory(title="Home care", **{**chosen, "setting": "home_care"})
    VacancyFactory(title="Charity", **{**chosen, "organisation": voluntary})
    VacancyFactory(title="Charity home care", **{**chosen, "organisation": voluntary, "setting": "home_care"})
    VacancyFactory(title="Part time", **{**chosen, "hours_per_week": Decimal("20")})
    VacancyFactory(title="Charity on AfC", afc_band="3", **{**chosen, "organisation": voluntary})
    VacancyFactory(
        title="Two misses", **{**chosen, "hours_per_week": Decimal("20"), "new_to_care_welcome": False}
    )

    page = client.get(
        "/jobs/", {"setting": "residential", "kind": "provider", "new_to_care": "on", "hours": "30_plus"}
    ).content.decode()

    assert titles_in(page) == ["Chosen"]
    assert "1 job" in page
    count = 'class="filter-count">({})</span>'
    assert f"Residential care <span {count.format(1)}" in page
    assert f"Home care <span {count.format(1)}" in page  # not "Charity home care": it misses two
    assert f"Independent care provider <span {count.format(1)}" in page
    assert f"Charity or voluntary sector <span {count.format(2)}" in page
    assert f"NHS (Agenda for Change pay) <span {count.format(1)}" in page
    assert f"16 to 29 hours <span {count.format(1)}" in page
    assert f"30 hours or more <span {count.format(1)}" in page
    assert f"New to care welcome <span {count.format(1)}" in page
    assert f"No driving needed <span {count.format(1)}" in page
    assert "£13.00 an hour or more (1)" in page


def test_best_match_puts_a_title_match_above_newer_jobs_that_only_mention_the_word(db, client):
    VacancyFactory(title="Night nurse", published_at=timezone.now() - datetime.timedelta(days=3))
    VacancyFactory(title="Care assistant", summary="Work alongside our nurse team")
    VacancyFactory(title="Cook", summary="Kitchen work")

    first, second = client.get("/jobs/", {"q": "nurse"}), client.get("/jobs/", {"q": "nurse", "page": "1"})

    assert titles(first) == ["Night nurse", "Care assistant"]
    assert titles(second) == titles(first)  # the same order when the counts come from the cache


def test_the_packed_facet_columns_unpack_to_each_jobs_own_facets(db):
    """Search groups by two generated numbers instead of eight columns (ADR 0008): each must stand
    for exactly the job's own setting, contract, pattern, employer kind, band and toggles."""
    kinds = [OrganisationFactory(kind=kind) for kind in Organisation.Kind.values]
    combinations = zip(
        Vacancy.Setting.values * 2,
        Vacancy.Contract.values * 4,
        Vacancy.Pattern.values * 4,
        kinds * 4,
        ["", "4", "", "7"] * 4,
        [True, False, False] * 6,
        [False, True] * 8,
        [True, True, False] * 6,
        strict=False,
    )
    for setting, contract, pattern, organisation, band, driving, visa, new in combinations:
        VacancyFactory(
            organisation=organisation, setting=setting, contract=contract, pattern=pattern, afc_band=band,
            driving_required=driving, visa_sponsorship=visa, new_to_care_welcome=new,
        )  # fmt: skip

    jobs = list(Vacancy.objects.all())
    assert len(jobs) == 16
    for job in jobs:
        assert unpack_facets(job.facets_a, Vacancy.FACETS_A) == {
            "setting": job.setting, "contract": job.contract, "pattern": job.pattern,
        }  # fmt: skip
        assert unpack_facets(job.facets_b, Vacancy.FACETS_B) == {
            "organisation_kind": job.organisation_kind,
            "afc_band": "" if job.afc_band == "" else None,  # a band: not one of the listed values
            "driving_required": job.driving_required,
            "visa_sponsorship": job.visa_sponsorship,
            "new_to_care_welcome": job.new_to_care_welcome,
        }
