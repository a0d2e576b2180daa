"""The employers' API: an organisation's system posts, changes, publishes and closes its vacancies
and reads its applications' progress. Every write is checked by the portal's rules (a clear 422,
nothing changed) and written to the vacancy's history; another organisation's data is a 404."""

from datetime import timedelta
from decimal import Decimal

import pytest

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import ModelLogEntry

from ats.models import Vacancy
from tests.factories import ApplicationFactory, LocationFactory, RoleFactory, VacancyFactory

# Pay at least the National Living Wage (ats/data/pay_rates.csv): the API refuses less.
LEGAL_PAY = {"pay_min": Decimal("12.80"), "pay_max": Decimal("13.40")}

pytestmark = pytest.mark.django_db


def closing(days=30) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


@pytest.fixture
def place_a(employer_a):
    return LocationFactory(organisation=employer_a, name="Hexham office", town="Hexham", postcode="NE46 1AA")


@pytest.fixture
def role(db):
    return RoleFactory(name="Home care worker")


@pytest.fixture
def job(place_a, role):
    return {
        "title": "Home care worker, Hexham",
        "role": role.slug,
        "setting": "home_care",
        "locations": [place_a.pk],
        "pattern": "part_time",
        "hours_per_week": "24",
        "pay_min": "12.80",
        "pay_max": "13.50",
        "summary": "Help people in Hexham live well at home.",
        "benefits": ["mileage", "paid_training"],
        "closing_date": closing(),
        "new_to_care_welcome": True,
    }


def history(vacancy) -> list[tuple[str, dict]]:
    return [
        (entry.action, entry.data)
        for entry in ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Vacancy), object_id=str(vacancy.pk)
        ).order_by("timestamp", "pk")
    ]


def test_system_posts_a_draft_vacancy_that_the_portal_shows(api_a, job, employer_a, place_a, key_a):
    response = api_a.post("/vacancies", job)

    assert response.status_code == 201, response.content
    body = response.json()
    vacancy = Vacancy.objects.get(public_id=body["id"])
    assert vacancy.organisation == employer_a
    assert vacancy.status == Vacancy.Status.DRAFT
    assert vacancy.title == "Home care worker, Hexham"
    assert list(vacancy.locations.all()) == [place_a]
    assert vacancy.benefits == ["mileage", "paid_training"]
    assert vacancy.hourly_pay_min is not None  # derived columns kept, as the portal's save does
    assert vacancy.rating_criteria.count() == 3  # the portal's default criteria
    assert body["status"] == "draft" and body["role"] == "home-care-worker"
    assert body["url"].endswith(f"/jobs/{vacancy.slug}/")
    [(action, data)] = history(vacancy)
    assert action == "ats.api.create"
    assert data["api_key"] == key_a[0].prefix and data["organisation"] == employer_a.pk


def test_publishing_on_create_makes_it_live_for_a_verified_organisation(api_a, job):
    response = api_a.post("/vacancies", {**job, "publish": True})

    assert response.status_code == 201
    assert response.json()["status"] == "live"
    assert Vacancy.objects.get().is_live


def test_an_unverified_organisation_waits_for_approval(api_a, job, employer_a):
    employer_a.verified = False
    employer_a.save()

    response = api_a.post("/vacancies", {**job, "publish": True})

    assert response.json()["status"] == "pending"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"pay_min": "14", "pay_max": "12"},
            "pay_max",
            "The top of the pay range must not be below the bottom.",
        ),
        ({"apply_method": "external"}, "external_url", "Enter the web address where candidates apply."),
        ({"title": ""}, "title", "This field is required."),
        ({"role": "astronaut"}, "role", "Choose a role from GET /roles"),
        ({"hours_per_week": "1234.5"}, "hours_per_week", "Ensure that there are no more than 4 digits"),
        ({"setting": "castle"}, "setting", "Input should be"),
        ({"closing_date": "next tuesday"}, "closing_date", "Input should be a valid date"),
    ],
)
def test_bad_input_is_a_clear_422_and_creates_nothing(api_a, job, change, field, message):
    response = api_a.post("/vacancies", {**job, **change})

    assert response.status_code == 422
    errors = response.json()["detail"]
    assert any(error["loc"][-1] == field and message in error["msg"] for error in errors), errors
    assert not Vacancy.objects.exists()
    assert not ModelLogEntry.objects.filter(action__startswith="ats.api.").exists()


def test_another_organisations_location_is_refused(api_a, job, employer_b):
    elsewhere = LocationFactory(organisation=employer_b)

    response = api_a.post("/vacancies", {**job, "locations": [elsewhere.pk]})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "locations"]
    assert not Vacancy.objects.exists()


def test_publishing_a_job_whose_closing_date_has_passed_is_refused_and_creates_nothing(api_a, job):
    response = api_a.post("/vacancies", {**job, "closing_date": closing(-1), "publish": True})

    assert response.status_code == 409
    assert "closing date in the future" in response.json()["detail"]
    assert not Vacancy.objects.exists()


def test_system_changes_some_fields_and_the_rest_stay(api_a, employer_a, key_a):
    vacancy = VacancyFactory(
        **LEGAL_PAY, organisation=employer_a, title="Carer", summary="Kind people wanted"
    )

    response = api_a.patch(f"/vacancies/{vacancy.public_id}", {"title": "Senior carer", "pay_max": "14.00"})

    assert response.status_code == 200, response.content
    vacancy.refresh_from_db()
    assert vacancy.title == "Senior carer"
    assert str(vacancy.pay_max) == "14.00"
    assert vacancy.summary == "Kind people wanted"
    assert vacancy.slug.startswith("care-assistant-")  # the URL stays
    assert history(vacancy)[-1] == (
        "ats.api.edit",
        {
            "api_key": key_a[0].prefix,
            "api_key_name": "Alpha HR",
            "organisation": employer_a.pk,
            "request_id": history(vacancy)[-1][1]["request_id"],
            "changed": ["pay_max", "title"],
        },
    )


def test_a_bad_change_is_refused_and_changes_nothing(api_a, employer_a):
    vacancy = VacancyFactory(**LEGAL_PAY, organisation=employer_a, title="Carer")

    response = api_a.patch(f"/vacancies/{vacancy.public_id}", {"title": "Senior carer", "pay_min": "99"})

    assert response.status_code == 422
    assert "must not be below" in response.json()["detail"][0]["msg"]
    vacancy.refresh_from_db()
    assert vacancy.title == "Carer"
    assert history(vacancy) == []


def test_system_closes_a_live_vacancy_and_cannot_close_it_twice(api_a, employer_a):
    vacancy = VacancyFactory(**LEGAL_PAY, organisation=employer_a)

    response = api_a.post(f"/vacancies/{vacancy.public_id}/close")

    assert response.status_code == 200
    assert response.json()["status"] == "closed"
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.CLOSED
    assert history(vacancy)[-1][0] == "ats.api.status"
    again = api_a.post(f"/vacancies/{vacancy.public_id}/close")
    assert again.status_code == 409
    assert again.json()["detail"] == "A closed job cannot be moved to closed."


def test_system_publishes_a_draft(api_a, employer_a):
    vacancy = VacancyFactory(**LEGAL_PAY, organisation=employer_a, draft=True)

    response = api_a.post(f"/vacancies/{vacancy.public_id}/publish")

    assert response.json()["status"] == "live"


def test_list_shows_only_the_keys_organisation_with_application_counts(api_a, employer_a, employer_b):
    mine = VacancyFactory(**LEGAL_PAY, organisation=employer_a, title="Ours")
    VacancyFactory(**LEGAL_PAY, organisation=employer_a, title="Our draft", draft=True)
    VacancyFactory(**LEGAL_PAY, organisation=employer_b, title="Theirs")
    ApplicationFactory(vacancy=mine)

    body = api_a.get("/vacancies").json()
    drafts = api_a.get("/vacancies", status="draft").json()

    assert body["count"] == 2
    assert {item["title"]: item["applications"] for item in body["items"]} == {"Ours": 1, "Our draft": 0}
    assert [item["title"] for item in drafts["items"]] == ["Our draft"]


def test_listing_costs_the_same_queries_for_more_vacancies(api_a, employer_a):
    VacancyFactory.create_batch(2, organisation=employer_a)
    api_a.get("/vacancies")  # the key's first use of the minute is written down
    with CaptureQueriesContext(connection) as few:
        api_a.get("/vacancies")
    VacancyFactory.create_batch(5, organisation=employer_a)
    with CaptureQueriesContext(connection) as more:
        assert api_a.get("/vacancies").json()["count"] == 7

    assert len(more) == len(few) <= 5


def test_system_reads_where_its_applications_have_got_to(api_a, employer_a):
    vacancy = VacancyFactory(**LEGAL_PAY, organisation=employer_a)
    shortlisted = ApplicationFactory(vacancy=vacancy, shortlisted=True)
    ApplicationFactory(vacancy=vacancy)

    listed = api_a.get(f"/vacancies/{vacancy.public_id}/applications").json()
    one = api_a.get(f"/applications/{shortlisted.public_id}").json()

    assert listed["count"] == 2
    assert sorted(item["stage"] for item in listed["items"]) == ["applied", "shortlisted"]
    assert one["stage"] == "shortlisted" and one["stage_label"] == "Shortlisted"
    assert one["vacancy"] == str(vacancy.public_id)
    assert "candidate" not in one and "email" not in str(one)


def test_locations_and_roles_say_what_a_vacancy_can_name(api_a, place_a, role, employer_b):
    LocationFactory(organisation=employer_b, name="Not ours")

    assert api_a.get("/locations").json() == [
        {"id": place_a.pk, "name": "Hexham office", "town": "Hexham", "postcode": "NE46 1AA"}
    ]
    assert {"slug": "home-care-worker", "name": "Home care worker"} in api_a.get("/roles").json()


# Scoping: employer A's key never reads or touches employer B's data.


def test_a_key_cannot_read_or_change_another_organisations_vacancy(api_a, employer_b):
    theirs = VacancyFactory(**LEGAL_PAY, organisation=employer_b, title="Theirs")
    application = ApplicationFactory(vacancy=theirs)
    path = f"/vacancies/{theirs.public_id}"

    answers = [
        api_a.get(path),
        api_a.patch(path, {"title": "Ours now"}),
        api_a.post(f"{path}/close"),
        api_a.post(f"{path}/publish"),
        api_a.get(f"{path}/applications"),
        api_a.get(f"/applications/{application.public_id}"),
    ]

    assert [answer.status_code for answer in answers] == [404] * 6
    theirs.refresh_from_db()
    assert (theirs.title, theirs.status) == ("Theirs", Vacancy.Status.LIVE)
    assert history(theirs) == []


def test_requests_without_a_working_key_are_refused(client, key_a, employer_a):
    VacancyFactory(**LEGAL_PAY, organisation=employer_a)
    key = key_a[1]
    wrong_secret = key[:-4] + ("AAAA" if not key.endswith("AAAA") else "BBBB")

    for headers in ({}, {"Authorization": f"Bearer {wrong_secret}"}, {"Authorization": "Bearer nonsense"}):
        assert client.get("/api/v1/vacancies", headers=headers).status_code == 401


def test_the_openapi_description_is_public(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {
        "/api/v1/vacancies",
        "/api/v1/vacancies/{vacancy_id}/close",
        "/api/v1/applications/{application_id}",
    } <= set(paths)


def test_the_docs_page_loads_nothing_from_another_host(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    assert "cdn." not in response.content.decode()
