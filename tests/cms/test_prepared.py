"""cms.prepared: SQL compiled once per shape, new values bound on every run."""

from __future__ import annotations

import threading
from datetime import timedelta
from unittest import mock

import pytest

from django.db import connection, models
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

from ats.models import Vacancy
from cms.prepared import PreparedQuery, Slot, slot_list, slot_values
from tests.factories import OrganisationFactory, VacancyFactory

pytestmark = pytest.mark.django_db


def closing_from(shape_limit: int):
    return (
        Vacancy.objects.filter(closing_date__gte=Slot("day", models.DateField()))
        .select_related("organisation")
        .order_by("closing_date", "pk")[:shape_limit]
    )


@pytest.fixture
def vacancies():
    today = timezone.localdate()
    employer = OrganisationFactory(name="Tyne Homes")
    return [
        VacancyFactory(
            organisation=employer, title=f"Job closing in {days} days", closing_date=today + timedelta(days)
        )
        for days in (1, 3, 5, 7)
    ]


def titles(rows) -> list[str]:
    return [row.title for row in rows]


def test_each_run_binds_its_own_values_to_the_same_sql(vacancies):
    query = PreparedQuery(closing_from)
    today = timezone.localdate()

    assert titles(query.run((10,), day=today)) == titles(vacancies)
    assert titles(query.run((10,), day=today + timedelta(days=4))) == [
        "Job closing in 5 days",
        "Job closing in 7 days",
    ]
    assert query.run((10,), day=today + timedelta(days=30)) == []


def test_rows_are_what_the_orm_gives_with_related_objects_loaded(vacancies, django_assert_num_queries):
    day = timezone.localdate() + timedelta(days=2)
    expected = [
        (v.pk, v.title, v.closing_date, v.organisation.name)
        for v in Vacancy.objects.filter(closing_date__gte=day)
        .select_related("organisation")
        .order_by("closing_date", "pk")
    ]
    query = PreparedQuery(closing_from)

    with django_assert_num_queries(1):  # the organisation came with each job
        rows = [(v.pk, v.title, v.closing_date, v.organisation.name) for v in query.run((10,), day=day)]

    assert rows == expected


def test_sql_is_compiled_once_per_shape(vacancies):
    query = PreparedQuery(closing_from)
    today = timezone.localdate()
    with mock.patch.object(SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql) as compiled:
        query.run((2,), day=today)
        query.run((2,), day=today + timedelta(days=2))
        query.run((2,), day=today + timedelta(days=4))
        assert compiled.call_count == 1
        assert titles(query.run((3,), day=today)) == titles(vacancies[:3])  # another shape: compiled
        assert compiled.call_count == 2


def test_slot_lists_fill_an_in_lookup(vacancies):
    query = PreparedQuery(lambda n: Vacancy.objects.filter(pk__in=slot_list("id", n, models.IntegerField())))
    wanted = [vacancies[3].pk, vacancies[0].pk]

    assert sorted(v.pk for v in query.run((2,), **slot_values("id", wanted))) == sorted(wanted)
    assert [v.pk for v in query.run((1,), **slot_values("id", [vacancies[2].pk]))] == [vacancies[2].pk]


@pytest.mark.django_db(transaction=True)
def test_a_query_compiled_in_one_thread_runs_on_another_threads_connection(vacancies):
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database is not shared between threads")
    query = PreparedQuery(closing_from)
    today = timezone.localdate()
    expected = titles(query.run((10,), day=today))
    found, errors = [], []

    def other_thread():
        from django.db import connections

        try:
            found.extend(titles(query.run((10,), day=today)))
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()

    assert errors == []
    assert found == expected


def test_values_list_queries_keep_their_shape(vacancies):
    query = PreparedQuery(lambda: closing_from(10).values_list("pk", flat=True))

    assert query.run(day=timezone.localdate()) == [v.pk for v in vacancies]
