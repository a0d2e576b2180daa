"""The same job searches give the same jobs, order, distances and counts on SQLite (querysets) and on
PostgreSQL (the hand-written counting statement, ADR 0008): every test here but the last runs in
both passes of the suite (`make test` on SQLite, the PostgreSQL pass of .ci/run), and checks what
the results page shows against an answer worked out here in Python from the jobs' own data."""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from ats.jobs.search_terms import HOURS_CHOICES, MIN_PAY_CHOICES, hours_bucket
from ats.models import Postcode, Vacancy
from ats.places.postcodes import distance_miles, lookup
from tests.ats.places_support import a_postcode, job_titles, site
from tests.factories import OrganisationFactory, VacancyFactory

CENTRE = "NE1 4ST"


@dataclass
class Job:
    title: str
    postcodes: list[str]
    fields: dict = field(default_factory=dict)
    days_old: int = 0
    live: bool = True
    miles: float = 0.0  # from CENTRE to the nearest site, filled in by the fixture
    vacancy: Vacancy | None = None

    def get(self, name: str):
        return self.fields.get(name, DEFAULTS[name])


DEFAULTS = {
    "setting": "residential", "contract": "permanent", "hours_per_week": Decimal("37.5"),
    "pay_min": Decimal("12.60"), "pay_max": Decimal("13.20"), "driving_required": False,
    "visa_sponsorship": False, "new_to_care_welcome": False,
}  # fmt: skip


def jobs_spec() -> list[Job]:
    return [
        Job("Dementia care assistant", ["NE1 "], {"new_to_care_welcome": True}, days_old=1),
        Job(
            "Night support worker",
            ["SR1 "],
            {
                "setting": "home_care",
                "contract": "bank",
                "hours_per_week": Decimal("20"),
                "pay_min": Decimal("12.21"),
                "pay_max": Decimal("12.50"),
                "driving_required": True,
            },
            days_old=2,
        ),
        Job(
            "Dementia nurse",
            ["NE4 "],
            {
                "setting": "nursing",
                "pay_min": Decimal("18.00"),
                "pay_max": Decimal("20.00"),
                "visa_sponsorship": True,
            },
            days_old=3,
        ),
        Job(
            "Senior carer",
            ["DH1 "],
            {
                "contract": "fixed_term",
                "hours_per_week": Decimal("30"),
                "pay_min": Decimal("13.00"),
                "pay_max": Decimal("14.00"),
            },
            days_old=4,
        ),
        Job(
            "Home carer",
            ["TS1 "],
            {
                "setting": "home_care",
                "hours_per_week": Decimal("16"),
                "pay_min": Decimal("12.50"),
                "pay_max": Decimal("12.50"),
                "driving_required": True,
            },
            days_old=5,
        ),
        Job(
            "Dementia support at two homes",  # its nearest site is in Sunderland, not Teesside
            ["TS1 ", "SR1 "],
            {
                "setting": "supported_living",
                "hours_per_week": Decimal("12"),
                "pay_min": None,
                "pay_max": None,
                "new_to_care_welcome": True,
            },
            days_old=6,
        ),
        Job(
            "Relief cook",
            ["NE61 "],
            {
                "setting": "day_services",
                "contract": "bank",
                "hours_per_week": Decimal("10"),
                "pay_min": Decimal("12.21"),
                "pay_max": Decimal("12.21"),
            },
            days_old=7,
        ),
        Job("Dementia post, closed", ["NE1 "], days_old=1, live=False),
    ]


@pytest.fixture
def jobs(reference_data) -> list[Job]:
    centre = lookup(CENTRE)
    now = timezone.now()
    made = jobs_spec()
    for job in made:
        organisation = OrganisationFactory()
        postcodes = [a_postcode(prefix) for prefix in job.postcodes]
        sites = [site(organisation, postcode, f"{job.title} {n}") for n, postcode in enumerate(postcodes)]
        job.vacancy = VacancyFactory(
            title=job.title,
            organisation=organisation,
            locations=sites,
            published_at=now - datetime.timedelta(days=job.days_old),
            closed=not job.live,
            **job.fields,
        )
        job.miles = min(
            distance_miles(centre.latitude, centre.longitude, p.latitude, p.longitude)
            for p in job.vacancy.points.all()
        )
    cache.clear()
    return made


def within(jobs: list[Job], radius: float) -> list[Job]:
    assert all(abs(job.miles - radius) > 0.2 for job in jobs), "a job too near the edge to test"
    return [job for job in jobs if job.live and job.miles <= radius]


def newest_first(jobs: list[Job]) -> list[Job]:
    return sorted(jobs, key=lambda job: job.vacancy.published_at, reverse=True)


def nearest_first(jobs: list[Job]) -> list[Job]:  # (the same distance: newest first)
    return sorted(newest_first(jobs), key=lambda job: round(job.miles, 9))


def best_paid_first(jobs: list[Job]) -> list[Job]:  # (no pay stated: last)
    return sorted(newest_first(jobs), key=lambda job: -(job.get("pay_max") or Decimal(-1)))


FILTERS = {
    "setting": lambda job, values: job.get("setting") in values,
    "contract": lambda job, values: job.get("contract") in values,
    "hours": lambda job, values: hours_bucket(job.get("hours_per_week")) in values,
    "min_pay": lambda job, value: (job.get("pay_max") or 0) >= Decimal(value),
    "new_to_care": lambda job, _: job.get("new_to_care_welcome"),
    "no_driving": lambda job, _: not job.get("driving_required"),
    "sponsorship": lambda job, _: job.get("visa_sponsorship"),
}


def passing(jobs: list[Job], chosen: dict, leaving_out: str = "") -> list[Job]:
    return [
        job
        for job in jobs
        if all(FILTERS[name](job, value) for name, value in chosen.items() if name != leaving_out)
    ]


def expected_counts(jobs: list[Job], chosen: dict) -> dict[str, int]:
    """What each filter option says in brackets: the jobs it would show with every other filter kept
    (GOV.UK finder style). An option no job has is not offered (unless chosen)."""
    counts = {}
    for name, choices in (("setting", Vacancy.Setting.choices), ("contract", Vacancy.Contract.choices)):
        for value, label in choices:
            n = len(passing([j for j in jobs if j.get(name) == value], chosen, leaving_out=name))
            if n or value in chosen.get(name, []):
                counts[label] = n
    for value, label in HOURS_CHOICES:
        n = len(passing([j for j in jobs if FILTERS["hours"](j, [value])], chosen, leaving_out="hours"))
        if n or value in chosen.get("hours", []):
            counts[label] = n
    for name, label in (
        ("new_to_care", "New to care welcome"),
        ("no_driving", "No driving needed"),
        ("sponsorship", "Visa sponsorship offered"),
    ):
        counts[label] = len(passing([j for j in jobs if FILTERS[name](j, "on")], chosen, leaving_out=name))
    for amount in MIN_PAY_CHOICES:
        payable = [j for j in jobs if FILTERS["min_pay"](j, amount)]
        counts[f"£{amount} an hour or more"] = len(passing(payable, chosen, leaving_out="min_pay"))
    return counts


def shown_counts(html: str) -> dict[str, int]:
    counts = {
        label: int(n)
        for label, n in re.findall(r'class="checkbox__label" for="[^"]+">([^<]+) <span class="filter-count">\((\d+)\)', html)
    }  # fmt: skip
    counts.update(
        (label, int(n)) for label, n in re.findall(r"(£[\d.]+ an hour or more) \((\d+)\)</option>", html)
    )
    return counts


def expected_shown(expected: dict[str, int], html: str) -> dict[str, int]:
    """The counts the page shows for the labels worked out here (areas, roles, kinds and patterns
    are left out), with an option not offered as absent."""
    shown = shown_counts(html)
    return {label: shown[label] for label in shown if label in expected or label in OFFERED_LABELS}


OFFERED_LABELS = {
    *(label for _, label in Vacancy.Setting.choices),
    *(label for _, label in Vacancy.Contract.choices),
    *(label for _, label in HOURS_CHOICES),
}


def search(client, params: dict) -> tuple[str, list[str], int, list[float]]:
    cache.clear()  # every search counts afresh (on PostgreSQL: the statement, not the cached path)
    html = client.get("/jobs/", params).content.decode()
    total = re.search(r'results-summary__count">(\d+) job', html)
    distances = [float(d) for d in re.findall(r'job-card__distance">([\d.]+) miles away', html)]
    return html, job_titles(html), int(total.group(1)) if total else 0, distances


def titles(jobs: list[Job]) -> list[str]:
    return [job.title for job in jobs]


@pytest.mark.parametrize(
    ("radius", "sort", "order"),
    [
        (20, "distance", nearest_first),
        (20, "", nearest_first),  # sorted by distance when no keyword
        (50, "distance", nearest_first),
        (10, "distance", nearest_first),
        (15, "", nearest_first),
        (20, "pay", best_paid_first),
        (50, "newest", newest_first),
    ],
)
def test_a_place_and_radius_list_the_jobs_within_it_in_order_with_their_distances(
    jobs, client, radius, sort, order
):
    html, listed, total, distances = search(client, {"postcode": CENTRE, "radius": radius, "sort": sort})

    expected = order(within(jobs, radius))
    assert listed == titles(expected)
    assert total == len(expected)
    assert distances == [round(job.miles, 1) for job in expected]
    assert expected_shown(expected_counts(within(jobs, radius), {}), html) == expected_counts(
        within(jobs, radius), {}
    )


@pytest.mark.parametrize(
    "chosen",
    [
        {"setting": ["residential"], "new_to_care": "on"},
        {"contract": ["bank"]},
        {"hours": ["16_29", "30_plus"], "min_pay": "13.00"},
        {"setting": ["home_care", "nursing"], "no_driving": "on", "sponsorship": "on"},
        {"min_pay": "12.50", "contract": ["permanent"], "hours": ["under_16"]},
    ],
)
def test_filters_narrow_the_list_and_each_filters_counts_leave_out_its_own_choice(jobs, client, chosen):
    live = [job for job in jobs if job.live]

    html, listed, total, _ = search(client, {**chosen, "sort": "newest"})
    assert listed == titles(newest_first(passing(live, chosen)))
    assert total == len(passing(live, chosen))
    assert expected_shown(expected_counts(live, chosen), html) == expected_counts(live, chosen)

    near = within(jobs, 20)
    html, listed, total, distances = search(client, {**chosen, "postcode": CENTRE, "radius": 20})
    assert listed == titles(nearest_first(passing(near, chosen)))
    assert distances == [round(job.miles, 1) for job in nearest_first(passing(near, chosen))]
    assert expected_shown(expected_counts(near, chosen), html) == expected_counts(near, chosen)


def test_free_text_finds_the_jobs_with_the_words_in_every_sort_near_a_place_or_anywhere(jobs, client):
    dementia = [job for job in jobs if job.live and "Dementia" in job.title]
    assert len(dementia) == 3

    for sort, order in (("newest", newest_first), ("pay", best_paid_first)):
        _, listed, total, _ = search(client, {"q": "dementia", "sort": sort})
        assert (listed, total) == (titles(order(dementia)), 3)

    _, listed, total, distances = search(client, {"q": "dementia", "postcode": CENTRE, "radius": 15})
    assert sorted(listed) == sorted(titles(within(dementia, 15)))  # best match: the order is the rank's
    assert total == len(within(dementia, 15)) and sorted(distances) == sorted(
        round(job.miles, 1) for job in within(dementia, 15)
    )
    html, listed, total, _ = search(
        client, {"q": "dementia", "postcode": CENTRE, "radius": 15, "sort": "distance"}
    )
    assert listed == titles(nearest_first(within(dementia, 15)))
    assert expected_shown(expected_counts(within(dementia, 15), {}), html) == expected_counts(
        within(dementia, 15), {}
    )

    _, listed, total, _ = search(client, {"q": "dementia", "new_to_care": "on", "sort": "newest"})
    assert listed == ["Dementia care assistant", "Dementia support at two homes"]
    assert search(client, {"q": "xylophone"})[1:3] == ([], 0)


@pytest.fixture
def many_jobs(reference_data):
    """25 jobs round Newcastle, each published an hour apart, and three far away."""
    organisation = OrganisationFactory()
    postcodes = [
        *Postcode.objects.filter(postcode__startswith="NE1 ").exclude(latitude=None).order_by("postcode")[:4],
        *Postcode.objects.filter(postcode__startswith="NE4 ").exclude(latitude=None).order_by("postcode")[:1],
    ]
    nearby = [site(organisation, p.postcode, p.postcode) for p in postcodes]
    assert len(nearby) == 5
    now = timezone.now()
    for n in range(25):
        VacancyFactory(
            title=f"Care assistant {n:02}",
            organisation=organisation,
            locations=[nearby[n % 5]],
            published_at=now - datetime.timedelta(hours=n),
            pay_min=Decimal("12.21"),
            pay_max=Decimal("12.50") + n % 4,
        )
    for n in range(3):
        VacancyFactory(
            title=f"Far job {n}",
            organisation=organisation,
            locations=[site(organisation, a_postcode("TS1 "), "far")],
        )
    centre = lookup(CENTRE)
    return {
        f"Care assistant {n:02}": distance_miles(
            centre.latitude, centre.longitude, nearby[n % 5].latitude, nearby[n % 5].longitude
        )
        for n in range(25)
    }


@pytest.mark.parametrize("sort", ["distance", "newest", "pay", "relevance"])
def test_pages_follow_on_from_each_other_in_every_sort(many_jobs, client, sort):
    search_by = {"q": "care", "postcode": CENTRE, "radius": 10, "sort": sort}

    pages = [search(client, {**search_by, "page": page}) for page in (1, 2)]

    listed = pages[0][1] + pages[1][1]
    assert [len(page[1]) for page in pages] == [20, 5]
    assert sorted(listed) == sorted(many_jobs)
    assert pages[0][2] == pages[1][2] == 25
    newest = sorted(many_jobs)  # "Care assistant 00" is the newest
    if sort == "distance":
        assert listed == sorted(newest, key=lambda title: round(many_jobs[title], 9))
    elif sort == "newest":
        assert listed == newest
    elif sort == "pay":
        assert listed == sorted(newest, key=lambda title: -(int(title[-2:]) % 4))
    distances = pages[0][3] + pages[1][3]
    assert distances == [round(many_jobs[title], 1) for title in listed]
    # The same pages with the counts cached (on PostgreSQL: the page asked for on its own).
    cache.clear()
    client.get("/jobs/", search_by)  # counts the search and keeps the counts
    for number, page in enumerate(pages, start=1):
        assert job_titles(client.get("/jobs/", {**search_by, "page": number}).content.decode()) == page[1]


@pytest.mark.postgresql
def test_the_statements_distance_is_the_orms_to_the_last_bit(jobs):
    """The counting statement measures with its own SQL, the cached-counts path with the ORM's
    expression: the same text and parameters, so the same floats, for every point of every job."""
    from ats.jobs.distance import nearest_distance
    from ats.jobs.search_sql import nearest

    centre = lookup(CENTRE)
    sql, params = nearest(centre.latitude, centre.longitude)
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "ats_vacancy"."id", {sql} FROM "ats_vacancy"', params)  # noqa: S608
        by_statement = dict(cursor.fetchall())
    by_orm = dict(
        Vacancy.objects.annotate(d=nearest_distance(centre.latitude, centre.longitude)).values_list("id", "d")
    )
    assert by_statement == by_orm
    assert len(by_orm) == len(jobs)
