"""cms.prepared: SQL compiled once per shape, new values bound on every run."""

from __future__ import annotations

import threading
from datetime import timedelta
from unittest import mock

import pytest

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, models, transaction
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ats.models import Vacancy
from cms import prepared
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


@pytest.mark.postgresql  # the in-memory SQLite test database is not shared between threads
@pytest.mark.django_db(transaction=True)
def test_a_query_compiled_in_one_thread_runs_on_another_threads_connection(vacancies):
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


def _kept_cursor():
    return connections[DEFAULT_DB_ALIAS].__dict__.get(prepared._KEPT_CURSOR, (None, None, None))[2]


def test_rows_come_from_one_kept_cursor_with_the_same_values_as_djangos_cursor(vacancies):
    query = PreparedQuery(closing_from)
    today = timezone.localdate()
    connections[DEFAULT_DB_ALIAS].__dict__.pop(prepared._KEPT_CURSOR, None)
    with CaptureQueriesContext(connection):  # queries logged: Django's own cursor runs them
        logged = query.run((10,), day=today)
    assert _kept_cursor() is None

    direct = query.run((10,), day=today)
    kept = _kept_cursor()
    assert kept is not None
    assert query.run((10,), day=today + timedelta(days=2))
    assert _kept_cursor() is kept  # one cursor for every run on the connection

    def fields(rows):
        return [(v.pk, v.title, v.closing_date, v.published_at, v.organisation.name) for v in rows]

    orm = Vacancy.objects.filter(closing_date__gte=today).select_related("organisation")
    assert fields(direct) == fields(logged) == fields(orm.order_by("closing_date", "pk"))


def test_query_counting_and_execute_wrappers_see_every_prepared_query(vacancies):
    query = PreparedQuery(closing_from)
    today = timezone.localdate()
    query.run((10,), day=today)  # the kept cursor exists

    with CaptureQueriesContext(connection) as captured:
        query.run((10,), day=today)
        query.run((2,), day=today)
    assert len(captured) == 2
    assert all('"ats_vacancy"' in q["sql"] for q in captured.captured_queries)

    seen = []

    def wrapper(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        assert titles(query.run((10,), day=today)) == titles(vacancies)
    assert len(seen) == 1


def test_a_failing_query_raises_djangos_error_and_drops_the_kept_cursor(vacancies):
    query = PreparedQuery(closing_from)
    today = timezone.localdate()
    query.run((10,), day=today)
    kept = _kept_cursor()

    with pytest.raises(DatabaseError), transaction.atomic():
        prepared.fetch_rows(connections[DEFAULT_DB_ALIAS], "SELECT no_such_column FROM ats_vacancy", [])
    assert _kept_cursor() is None

    assert titles(query.run((10,), day=today)) == titles(vacancies)
    assert _kept_cursor() not in (None, kept)


def test_a_new_database_connection_gets_a_new_cursor(vacancies):
    query = PreparedQuery(closing_from)
    today = timezone.localdate()
    query.run((10,), day=today)
    kept = mock.Mock(closed=False)
    connections[DEFAULT_DB_ALIAS].__dict__[prepared._KEPT_CURSOR] = (
        object(),
        connection.timezone,
        kept,
    )  # another connection's

    assert titles(query.run((10,), day=today)) == titles(vacancies)
    assert _kept_cursor() is not kept
    kept.execute.assert_not_called()
