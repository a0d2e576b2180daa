"""Writes sent again with the same Idempotency-Key are done once; each key has its own rate limit."""

from decimal import Decimal

import pytest

from django.test import override_settings

from ats.models import IdempotentRequest, Vacancy
from tests.ats.api.test_api_vacancies import closing
from tests.factories import VacancyFactory

# Pay at least the National Living Wage (ats/data/pay_rates.csv): the API refuses less.
LEGAL_PAY = {"pay_min": Decimal("12.80"), "pay_max": Decimal("13.40")}

pytestmark = pytest.mark.django_db

JOB = {"title": "Night carer", "setting": "residential", "closing_date": closing()}


def test_a_repeated_create_makes_one_vacancy_and_gets_the_same_answer(api_a):
    first = api_a.post("/vacancies", JOB, headers={"Idempotency-Key": "hr-42"})
    again = api_a.post("/vacancies", JOB, headers={"Idempotency-Key": "hr-42"})

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Vacancy.objects.count() == 1


def test_without_a_key_each_create_is_a_new_vacancy(api_a):
    api_a.post("/vacancies", JOB)
    api_a.post("/vacancies", JOB)

    assert Vacancy.objects.count() == 2


def test_the_same_key_for_a_different_request_is_refused(api_a):
    api_a.post("/vacancies", JOB, headers={"Idempotency-Key": "hr-42"})

    response = api_a.post("/vacancies", {**JOB, "title": "Day carer"}, headers={"Idempotency-Key": "hr-42"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["header", "Idempotency-Key"]
    assert "used for a different request" in response.json()["detail"][0]["msg"]
    assert list(Vacancy.objects.values_list("title", flat=True)) == ["Night carer"]


def test_a_refused_write_is_not_remembered_so_the_corrected_one_can_use_the_key(api_a):
    bad = api_a.post("/vacancies", {**JOB, "title": ""}, headers={"Idempotency-Key": "hr-43"})
    good = api_a.post("/vacancies", JOB, headers={"Idempotency-Key": "hr-43"})

    assert (bad.status_code, good.status_code) == (422, 201)
    assert Vacancy.objects.count() == 1


def test_keys_are_per_organisation(api_a, api_b):
    api_a.post("/vacancies", JOB, headers={"Idempotency-Key": "shared"})
    response = api_b.post("/vacancies", JOB, headers={"Idempotency-Key": "shared"})

    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert Vacancy.objects.count() == 2


def test_a_repeated_close_is_answered_as_the_first(api_a, employer_a):
    vacancy = VacancyFactory(**LEGAL_PAY, organisation=employer_a)
    path = f"/vacancies/{vacancy.public_id}/close"

    first = api_a.post(path, headers={"Idempotency-Key": "close-1"})
    again = api_a.post(path, headers={"Idempotency-Key": "close-1"})

    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert again.json()["status"] == "closed"
    assert IdempotentRequest.objects.get().status_code == 200


@override_settings(API_RATE_LIMIT=3)
def test_a_key_over_its_limit_is_told_to_wait_and_other_keys_are_not(api_a, api_b):
    answers = [api_a.get("/vacancies").status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]
    refused = api_a.get("/vacancies")
    assert refused.json()["detail"].startswith("Too many requests for this API key")
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert api_b.get("/vacancies").status_code == 200


@override_settings(API_RATE_LIMIT=2)
def test_refused_writes_change_nothing(api_a):
    api_a.get("/vacancies")
    api_a.get("/vacancies")

    assert api_a.post("/vacancies", JOB).status_code == 429
    assert not Vacancy.objects.exists()
