"""Queries compiled to SQL once and run many times with new values, like prepared statements.

Turning a QuerySet into SQL is most of what Django spends on a small listing query: for the four
newest stories with their role, area and photo it is about 5 of the 13 million instructions the
whole listing costs, the database's answer about half a million. The campaign blocks run the
same few queries on every uncached page with only a date or a filter value changed, so
`PreparedQuery` compiles each shape once per process and database, and on every run swaps the
values into the stored SQL. Model instances (with select_related objects and annotations) are
made from the rows by `cms.rows.RowPlan`, which works out once per compiled query what Django's
model iterable works out on every run; a QuerySet with prefetch_related, values() or
values_list() hands its rows to its own iterable, as does a model `cms.rows` does not know how
to make (it then uses the model's own `from_db`).

Values that change from run to run are `Slot`s in the QuerySet: `Slot("today", DateField())`
compiles to a placeholder whose value each `run(today=...)` binds, prepared by the slot's field for
the database exactly as a literal value would be. Anything else that changes the SQL (which
filters apply, how many ids, the page size) must be part of the shape key the caller passes.
"""

from __future__ import annotations

import copy
import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections, models
from django.db.models import Expression, Func, QuerySet
from django.db.models.sql.constants import MULTI
from django.utils.asyncio import async_unsafe

from cms.rows import RowPlan, can_plan


@dataclass(frozen=True)
class _Bound:
    """Where a slot's value goes in the compiled parameters."""

    name: str
    field: models.Field


class Slot(Expression):
    """A value bound when a prepared query runs (compiles to one placeholder)."""

    def __init__(self, name: str, output_field: models.Field):
        super().__init__(output_field=output_field)
        self.name = name

    def __repr__(self) -> str:
        return f"Slot({self.name!r})"

    def as_sql(self, compiler, connection):
        return "%s", [_Bound(self.name, self.output_field)]

    @property
    def identity(self):
        return (Slot, self.name, type(self.output_field))

    def __eq__(self, other):
        return isinstance(other, Slot) and other.name == self.name

    def __hash__(self):
        return hash((Slot, self.name))


def slot_list(prefix: str, count: int, output_field: models.Field) -> Func:
    """`count` slots named prefix0, prefix1, ... as the right-hand side of an `__in` lookup:
    `filter(pk__in=slot_list("id", 3, IntegerField()))` binds `run(id0=..., id1=..., id2=...)`."""
    slots = [Slot(f"{prefix}{k}", output_field) for k in range(count)]
    return Func(*slots, function="", template="(%(expressions)s)", output_field=output_field)


def slot_values(prefix: str, values) -> dict:
    """The `run()` keywords that fill `slot_list(prefix, len(values), ...)`."""
    return {f"{prefix}{k}": value for k, value in enumerate(values)}


# Where a connection keeps the database cursor prepared queries run on (DatabaseWrapper.__dict__).
_KEPT_CURSOR = "_prepared_queries_cursor"


@async_unsafe
def _kept_cursor(connection):
    """The database cursor this connection's prepared queries run on, made once per database
    connection (and time zone) as Django's `connection.cursor()` makes one, with the same steps
    before it: Django makes a new cursor, a new driver cursor inside it, for every query, which
    cost about a sixth of running a small query."""
    connection.validate_thread_sharing()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    database = connection.connection
    kept = connection.__dict__.get(_KEPT_CURSOR)
    if (
        kept is None
        or kept[0] is not database
        or kept[1] != connection.timezone
        or getattr(kept[2], "closed", False)  # (psycopg; SQLite's cursors do not say)
    ):
        with connection.wrap_database_errors:
            kept = (database, connection.timezone, connection.create_cursor())
        connection.__dict__[_KEPT_CURSOR] = kept
    return kept[2]


def fetch_rows(connection, sql: str, params) -> list | None:
    """The rows of a compiled query, run straight on the connection's kept cursor (as Django's
    CursorWrapper runs it: the broken-transaction check, database errors as Django's); None when
    Django must run it: while queries are logged (DEBUG, `assertNumQueries` and every other
    `CaptureQueriesContext`, whose debug cursor also writes the django.db.backends log) or
    an `execute_wrapper` is installed."""
    if connection.queries_logged or connection.execute_wrappers:
        return None
    cursor = _kept_cursor(connection)
    connection.validate_no_broken_transaction()
    try:
        with connection.wrap_database_errors:
            cursor.execute(sql, params)
            return cursor.fetchall()
    except Exception:
        connection.__dict__.pop(_KEPT_CURSOR, None)  # as Django closes a cursor whose query failed
        cursor.close()
        raise


@dataclass
class _Compiled:
    queryset: QuerySet
    compiler: object
    sql: str
    params: tuple
    rows: RowPlan | None  # None: the rows go through the QuerySet's own iterable


def _compiler(compiled: _Compiled, connection, params: list):
    """The compiled query's compiler on this thread's connection (not the compiling thread's),
    giving the stored SQL with these values."""
    compiler = copy.copy(compiled.compiler)
    compiler.connection = connection
    compiler.as_sql = lambda *args, **kwargs: (compiled.sql, params)
    return compiler


class PreparedQuery:
    """`build(shape)` returns the QuerySet for a shape (with Slots for the values that vary);
    `run(shape, **values)` returns its rows as model instances, compiling only the first time."""

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self._compiled: dict[tuple, _Compiled] = {}
        self._lock = threading.Lock()

    def _compile(self, shape: tuple, alias: str | None) -> _Compiled:
        key = (alias, shape)
        found = self._compiled.get(key)
        if found is None:
            queryset = self.build(*shape)
            if alias is not None:
                queryset = queryset.using(alias)
            compiler = queryset.query.get_compiler(using=queryset.db)
            sql, params = compiler.as_sql()
            rows = RowPlan(compiler, queryset.db) if can_plan(queryset) else None
            found = _Compiled(queryset, compiler, sql, tuple(params), rows)
            with self._lock:
                self._compiled.setdefault(key, found)
        return found

    def run(self, shape: tuple = (), *, using: str | None = None, **values) -> list:
        compiled = self._compile(shape, using)
        connection = connections[compiled.queryset.db]
        params = [
            p.field.get_db_prep_value(values[p.name], connection, prepared=False)
            if isinstance(p, _Bound)
            else p
            for p in compiled.params
        ]
        if compiled.rows is not None:
            rows = fetch_rows(connection, compiled.sql, params)
            if rows is None:
                compiler = _compiler(compiled, connection, params)
                rows = itertools.chain.from_iterable(compiler.execute_sql(MULTI))
            return compiled.rows.instances(rows, connection)
        compiler = _compiler(compiled, connection, params)
        query = copy.copy(compiled.queryset.query)
        query.get_compiler = lambda *args, **kwargs: compiler
        # A shallow copy of the never-evaluated QuerySet: `_chain()` would clone its query (a
        # deepcopy of the WHERE tree) only for it to be replaced here. (Not copy.copy(): a
        # QuerySet's __getstate__ evaluates it.)
        queryset = object.__new__(type(compiled.queryset))
        queryset.__dict__.update(compiled.queryset.__dict__)
        iterable_class = queryset._iterable_class
        queryset.query = query  # (the setter makes a values() query yield dicts: keep values_list's)
        queryset._iterable_class = iterable_class
        return list(queryset)
