"""cms.db_types: timestamps parsed by psycopg's C loader are the datetimes Django's loader gives."""

from __future__ import annotations

import pytest

from django.db import DataError, connection

from cms import db_types

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]

VALUES = [
    "2026-12-05 07:00:00+00",
    "2026-12-05 07:00:00.123456+00",
    "2026-03-29 01:30:00+01",
    "2026-06-01 12:00:00.5+05:30",
    "1900-01-01 00:00:00-00:01:15",
    "0001-01-01 00:00:00+00",
    "9999-12-31 23:59:59.999999+00",
    "2000-02-29 23:59:59.000001-11",
]


def _read(cursor, values: list[str]) -> list:
    cursor.execute("SELECT " + ", ".join(f"'{v}'::timestamptz" for v in values))
    row = cursor.fetchone()
    return [(value, value.tzinfo, value.utcoffset()) for value in row]


@pytest.fixture
def postgres():
    connection.ensure_connection()


def test_the_connection_reads_timestamps_with_the_c_loader(postgres):
    from psycopg.pq import Format

    loader = connection.connection.adapters.get_loader(
        connection.connection.adapters.types["timestamptz"].oid, Format.TEXT
    )
    assert loader is db_types.c_tz_loader(connection.timezone)


def test_values_are_djangos(postgres):
    from django.db.backends.postgresql.psycopg_any import register_tzloader

    with connection.cursor() as cursor:
        fast = _read(cursor, VALUES)
    with connection.cursor() as cursor:
        register_tzloader(connection.timezone, cursor.cursor)  # Django's own loader on this cursor
        djangos = _read(cursor, VALUES)
    assert fast == djangos
    assert all(tz is connection.timezone for _, tz, _ in fast)


def test_values_out_of_range_are_errors_as_before(postgres):
    with pytest.raises(DataError), connection.cursor() as cursor:
        _read(cursor, ["infinity"])
