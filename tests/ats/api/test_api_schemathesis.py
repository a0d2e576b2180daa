"""Schemathesis against the API's own OpenAPI description: for each operation, generated requests
(valid and invalid, with employer A's key; the vacancy paths both with random ids and with a real
vacancy of A's) never make a server error, and every answer matches the description (status codes,
content type, body schema, headers).

Not checked: that every schema-valid vacancy is accepted (`positive_data_acceptance`), because the
portal's rules go beyond the schema (the top of a pay range not below the bottom, a web address for
external applications) and a random id is rightly a 404. Schemathesis's pytest plugin
(`@schema.parametrize`) reads a pytest internal that pytest 9.2 no longer has, so the operations are
driven here through its public strategy API (`operation.as_strategy`) and Hypothesis."""

from decimal import Decimal

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings

from wagtail.models import ModelLogEntry

from ats.models import Vacancy
from tests.factories import LocationFactory, RoleFactory, VacancyFactory

# Pay at least the National Living Wage (ats/data/pay_rates.csv): the API refuses less.
LEGAL_PAY = {"pay_min": Decimal("12.80"), "pay_max": Decimal("13.40")}

pytestmark = pytest.mark.django_db

EXAMPLES = 15


@pytest.fixture
def app():
    """Django's WSGI handler for Schemathesis to call in-process. As Django's test client does,
    requests leave the test's database connection open (and its transaction with it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def exercise(operation, mode, key, path_parameters=None):
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        # The generated Authorization header becomes A's key; a negative case that leaves the header
        # out (to see it refused) keeps it out.
        headers = case.headers if case.headers is not None else {}
        if mode == GenerationMode.POSITIVE or "Authorization" in headers:
            headers["Authorization"] = f"Bearer {key}"
        case.headers = headers
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    run()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@override_settings(API_RATE_LIMIT=100_000)
def test_every_operation_keeps_to_the_description(mode, app, key_a, employer_a):
    LocationFactory(organisation=employer_a)
    RoleFactory(name="Care worker")
    vacancy = VacancyFactory(**LEGAL_PAY, organisation=employer_a)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    # Unknown query parameters are ignored, as most APIs do; everything else is checked.
    schema.config.generation.update(allow_extra_parameters=False)
    key = key_a[1]
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 10

    for operation in operations:
        exercise(operation, mode, key)
        if "{vacancy_id}" in operation.path:
            exercise(operation, mode, key, {"vacancy_id": str(vacancy.public_id)})
    if mode == GenerationMode.POSITIVE:  # the generated requests got past the key and the schema
        assert Vacancy.objects.filter(organisation=employer_a).count() > 1
        assert ModelLogEntry.objects.filter(action="ats.api.edit").exists()
