"""Job search's one statement on PostgreSQL, written as SQL (ADR 0008).

One statement reads the matching jobs once: it counts every facet and the total (GROUPING SETS: a
few hundred rows whatever the number of matches) and, when the page is sorted by rank or distance,
picks that page's job ids in order with the distance each card shows. The ORM cannot say GROUPING
SETS, a materialised CTE read by two selects, or the UNION ALL of the one-point and several-point
jobs read through their own indexes; on SQLite the same search is ordinary querysets
(`facets.facet_counts`, `search.page_of`), and the tests run the same searches on both databases.

Every fragment of SQL is fixed text in this module and every column is named from a fixed list
here; every value (the keyword, the place and radius, each filter's choices, each number) is a %s
parameter that psycopg binds. The distance is the same expression, with the same parameters, as
`distance.PostgresDistance` (so the same floats as the ORM's distance on the cached-counts path)."""

from __future__ import annotations

import functools
import math
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from ats.jobs.distance import Place, bounding_box_limits, inner_box_limits
from ats.jobs.models import Vacancy, unpack_facets
from ats.jobs.search_filters import FACET_SETS, FAILS_TWO, PASSES, SortKey, place_of
from ats.organisations.models import Organisation
from ats.places.postcodes import EARTH_RADIUS_MILES

Fragment = tuple[str, tuple]  # SQL with %s placeholders, and its parameters
JOB, POINT = '"ats_vacancy"', '"U0"'  # the vacancy table, and its points in a subquery


def column(name: str, table: str = JOB) -> str:
    """A column named in this module (never from input), quoted and qualified by its table."""
    return f"{table}.{quoted(name)}"


def quoted(name: str) -> str:
    """A name given in this module (a column, or an alias in the statement), quoted."""
    if not name.isidentifier():
        raise ValueError(f"not a name: {name!r}")
    return f'"{name}"'


def all_of(parts: list[Fragment]) -> Fragment:
    if len(parts) == 1:
        return parts[0]
    return f"({' AND '.join(text for text, _ in parts)})", tuple(p for _, params in parts for p in params)


def any_of(parts: list[Fragment]) -> Fragment:
    if len(parts) == 1:
        return parts[0]
    return f"({' OR '.join(text for text, _ in parts)})", tuple(p for _, params in parts for p in params)


def one_of(name: str, values: list) -> Fragment:
    return f"{column(name)} IN ({', '.join(['%s'] * len(values))})", tuple(values)


# The filters, as `search_filters.filter_queries` says them to the ORM.
HOURS = column("hours_per_week")
HOURS_SQL: dict[str, Fragment] = {
    "under_16": (f"{HOURS} < %s", (16,)),
    "16_29": (f"({HOURS} >= %s AND {HOURS} < %s)", (16, 30)),
    "30_plus": (f"{HOURS} >= %s", (30,)),
}
TOGGLES_SQL: dict[str, Fragment] = {
    "no_driving": (f"NOT {column('driving_required')}", ()),
    "sponsorship": (column("visa_sponsorship"), ()),
    "new_to_care": (column("new_to_care_welcome"), ()),
}


def filter_conditions(criteria: dict) -> dict[str, Fragment]:
    """`filter_queries` as SQL: one condition per chosen filter, under the same names and in the
    same order (a job's `fails` is the place of the one filter it fails)."""
    conditions: dict[str, Fragment] = {}
    if criteria.get("role_ids"):
        conditions["role"] = one_of("role_id", criteria["role_ids"])
    for name in ("setting", "contract", "pattern"):
        if criteria.get(name):
            conditions[name] = one_of(name, criteria[name])
    if criteria.get("hours"):
        conditions["hours"] = any_of([HOURS_SQL[bucket] for bucket in criteria["hours"]])
    if criteria.get("kind"):
        kind = one_of("organisation_kind", criteria["kind"])
        if Organisation.Kind.NHS_TRUST in criteria["kind"]:  # any job on Agenda for Change pay
            kind = any_of([kind, (f"NOT ({column('afc_band')} = %s)", ("",))])
        conditions["kind"] = kind
    if criteria.get("area_ids"):
        conditions["area"] = one_of("local_authority_id", criteria["area_ids"])
    if criteria.get("min_pay"):
        conditions["min_pay"] = (f"{column('hourly_pay_max')} >= %s", (Decimal(criteria["min_pay"]),))
    for name, condition in TOGGLES_SQL.items():
        if criteria.get(name):
            conditions[name] = condition
    return conditions


def failing(conditions: dict[str, Fragment]) -> Fragment:
    """`search_filters.failing_filter`: PASSES, the place (from 1) of the only filter failed, or
    FAILS_TWO."""
    if not conditions:
        return "%s", (PASSES,)
    if len(conditions) == 1:
        (condition,) = conditions.values()
        return f"CASE WHEN {condition[0]} THEN %s ELSE %s END", (*condition[1], PASSES, 1)
    text, params = all_of(list(conditions.values()))
    text, params = f"CASE WHEN {text} THEN %s", (*params, PASSES)
    for place, name in enumerate(conditions, start=1):
        others = all_of([c for other, c in conditions.items() if other != name])
        text, params = f"{text} WHEN {others[0]} THEN %s", (*params, *others[1], place)
    return f"{text} ELSE %s END", (*params, FAILS_TWO)


def pay_level(thresholds: list[Decimal]) -> Fragment:
    """The highest pay threshold a job's top hourly pay reaches (its place in `thresholds`), or -1."""
    pay = column("hourly_pay_max")
    whens = [(f"WHEN {pay} >= %s THEN %s", (t, i)) for i, t in reversed(list(enumerate(thresholds)))]
    return f"CASE {' '.join(t for t, _ in whens)} ELSE %s END", (*(p for _, ps in whens for p in ps), -1)


# Distance -----------------------------------------------------------------------------------------


def distance(latitude: float, longitude: float, table: str, columns: tuple[str, str]) -> Fragment:
    """Haversine miles from a point to a row's point: PostgresDistance's SQL and parameters."""
    lat, lon = (column(name, table) for name in columns)
    text = (
        f"(%s * ASIN(SQRT(LEAST((POWER(SIN((RADIANS(({lat} - %s)) / %s)), %s)"
        f" + ((%s * COS(RADIANS({lat}))) * POWER(SIN((RADIANS(({lon} - %s)) / %s)), %s))), %s))))"
    )
    cos_latitude = math.cos(math.radians(latitude))
    return text, (2 * EARTH_RADIUS_MILES, latitude, 2, 2, cos_latitude, longitude, 2, 2, 1.0)


def box(limits: tuple[float, float, float, float], table: str, columns: tuple[str, str]) -> Fragment:
    lat, lon = (column(name, table) for name in columns)
    return f"{lat} >= %s AND {lat} <= %s AND {lon} >= %s AND {lon} <= %s", tuple(limits)


def near(place: Place, table: str, columns: tuple[str, str]) -> tuple[Fragment, Fragment]:
    """A point within `miles` (as `distance.within` tests each point): in the bounding box, and
    in the inner box or measured within. Returned as (the bounding box, the rest)."""
    latitude, longitude, miles = place
    measured, measured_params = distance(latitude, longitude, table, columns)
    test = (f"{measured} <= %s", (*measured_params, miles))
    inner = inner_box_limits(*place)
    if inner:
        inside = box(inner, table, columns)
        test = (f"(({inside[0]}) OR {test[0]})", (*inside[1], *test[1]))
    return box(bounding_box_limits(*place), table, columns), test


def on_row(place: Place, columns: tuple[str, str]) -> Fragment:
    (box_sql, box_params), (test, test_params) = near(place, JOB, columns)
    return f"({box_sql} AND {test})", (*box_params, *test_params)


def within_arms(place: Place) -> tuple[Fragment, Fragment]:
    """A job within the radius, as two conditions: for the jobs with one point, tested on the row
    (read through the row's latitude index, migration 0018), and for the rest. A job keeps its first
    three points on its row (refresh_vacancies), so a job with two or three is tested on its row
    too; only one with more joins its points (the count first, so only those run the EXISTS)."""
    count = column("point_count")
    first, first_params = on_row(place, Vacancy.ROW_POINTS[0])
    one = f"({first}) AND {count} = %s", (*first_params, 1)
    rows = [on_row(place, columns) for columns in Vacancy.ROW_POINTS]
    (box_sql, box_params), (test, test_params) = near(place, POINT, ("latitude", "longitude"))
    joined = (
        f'EXISTS(SELECT 1 AS "a" FROM "ats_vacancypoint" {POINT} WHERE ({box_sql}'  # noqa: S608  # nosec B608
        f" AND {column('vacancy_id', POINT)} = ({column('id')}) AND {test}) LIMIT 1)"
    )
    beyond = (f"({count} > %s AND {joined})", (len(Vacancy.ROW_POINTS), *box_params, *test_params))
    rows_sql, rows_params = any_of([*rows, beyond])
    return one, (f"{count} > %s AND {rows_sql}", (1, *rows_params))


def nearest(latitude: float, longitude: float) -> Fragment:
    """The distance to a job's nearest point, correlated to the job's id."""
    measured, params = distance(latitude, longitude, POINT, ("latitude", "longitude"))
    return (
        f'(SELECT {measured} AS "d" FROM "ats_vacancypoint" {POINT}'  # noqa: S608  # nosec B608
        f" WHERE {column('vacancy_id', POINT)} = ({column('id')}) ORDER BY 1 ASC LIMIT 1)"
    ), params


# The statement ------------------------------------------------------------------------------------

# Facet columns counted together (FACET_SETS), grouping by the generated columns that pack a set's
# few-valued facets into one small number each (migration 0018): two numbers written and hashed per
# job instead of eight strings and flags. Each row's numbers are unpacked into FACET_SETS' columns.
PACKED = {"facets_a": Vacancy.FACETS_A, "facets_b": Vacancy.FACETS_B}
PACKED_FACET_SETS: list[tuple[str, ...]] = [
    ("role_id",),
    ("facets_a",),
    ("hours_per_week", "pl"),
    ("facets_b",),
    ("local_authority_id",),
]
COLUMNS = [name for group in PACKED_FACET_SETS for name in group]
SORT_COLUMNS = {"rank": "sort_rank", "distance": "sort_distance"}  # computed for passing jobs only
SORTED_AS_STORED = {"id", "published_at", "hourly_pay_max", "closing_date"}
# The planner prices every page of an index at random_page_cost (4, a disk seek), so it would read
# the whole vacancy table (70 MB at 50,000 jobs) rather than all of the live-job index made for this
# scan (vacancy_live_search, 20 MB, migration 0016), which in memory is read in a third of the time.
# Sent in one go with the statement, SET LOCAL ends with it (they run as one implicit transaction;
# inside an atomic block, it ends with that block's transaction).
PLANNER = "SET LOCAL random_page_cost = 1.1"


def distance_breaks_rank_ties(keys: list[SortKey]) -> bool:
    """Best match sorts by rank, then distance: a job's distance only matters among jobs of the same
    rank, so it is measured for the jobs that could reach the page, not for every passing job."""
    columns = [name for name, _, _ in keys]
    return bool(columns) and columns[0] == "rank" and "distance" in columns


def order_by(keys: list[SortKey]) -> str:
    return ", ".join(
        f"{quoted(name)} {'DESC' if descending else 'ASC'}{' NULLS LAST' if nulls_last else ''}"
        for name, descending, nulls_last in keys
    )


def statement(
    criteria: dict,
    conditions: dict[str, Fragment],
    thresholds: list[Decimal],
    page: tuple[list[SortKey], int, int] | None,
) -> Fragment:
    """The counting statement (see `facet_rows`) for the chosen filters' `conditions`, and with
    `page` the page's ids as extra rows."""
    place = place_of(criteria)
    keyword = criteria.get("q") or ""
    tsquery = ("websearch_to_tsquery(%s::regconfig, %s)", ("english", keyword))
    fails = failing(conditions)
    level = pay_level(thresholds)
    select = [(f'{fails[0]} AS "fails"', fails[1])]
    for name in COLUMNS:
        select.append(
            (f'{level[0]} AS "pl"', level[1]) if name == "pl" else (f"{column(name)} AS {quoted(name)}", ())
        )

    keys = [(SORT_COLUMNS.get(name, name), *rest) for name, *rest in page[0]] if page else []
    late = page is not None and distance_breaks_rank_ties(page[0])
    extra = list(dict.fromkeys(["id", *(k for k, _, _ in keys if not (late and k == "sort_distance"))]))
    passing = all_of(list(conditions.values())) if conditions else None
    for name in extra if page else []:
        if name in SORTED_AS_STORED:
            select.append((f"{column(name)} AS {quoted(name)}", ()))
            continue
        if name == "sort_rank":
            value = (f"ts_rank({column('search_vector')}, {tsquery[0]})", tsquery[1])
        elif name == "sort_distance" and place:
            value = nearest(place[0], place[1])
        else:
            raise ValueError(f"no sort by {name!r} here")
        if passing:  # only jobs on the list need a rank or distance
            value = (f"CASE WHEN {passing[0]} THEN {value[0]} ELSE NULL END", (*passing[1], *value[1]))
        select.append((f"{value[0]} AS {quoted(name)}", value[1]))

    where = [
        (f"{column('status')} = %s", (Vacancy.Status.LIVE.value,)),
        (
            f"({column('closing_date')} IS NULL OR {column('closing_date')} >= %s)",
            (timezone.localdate(),),
        ),
    ]
    if criteria.get("since"):
        where.append((f"{column('published_at')} >= %s", (criteria["since"],)))
    if keyword:
        where.append((f"{column('search_vector')} @@ ({tsquery[0]})", tsquery[1]))
    head = ", ".join(text for text, _ in select), tuple(p for _, params in select for p in params)

    def matching(arm: Fragment | None) -> Fragment:
        conditions_sql, conditions_params = all_of([*where, (f"({arm[0]})", arm[1])] if arm else where)
        return f"SELECT {head[0]} FROM {JOB} WHERE {conditions_sql}", (*head[1], *conditions_params)  # noqa: S608  # nosec B608

    if place:
        # Two index scans, each with its own plan (PostgreSQL does not split an OR into them).
        one, several = (matching(arm) for arm in within_arms(place))
        jobs = (f"{one[0]} UNION ALL {several[0]}", (*one[1], *several[1]))
    else:
        jobs = matching(None)

    names = ", ".join(quoted(name) for name in ["fails", *COLUMNS])
    grouping = ", ".join(f"GROUPING({quoted(group[0])})" for group in PACKED_FACET_SETS)
    sets = ", ".join(
        f"({', '.join(quoted(name) for name in ('fails', *group))})" for group in PACKED_FACET_SETS
    )
    # Jobs failing two or more chosen filters count nowhere, so they are not grouped.
    counted = f'FROM matching WHERE "fails" <> %s GROUP BY GROUPING SETS ({sets})'
    if not page:
        text = f"SELECT {names}, COUNT(*), {grouping} {counted}"  # nosec B608
        return f"{PLANNER}; WITH matching AS MATERIALIZED ({jobs[0]}) {text}", (*jobs[1], FAILS_TWO)
    # The page's ids ride along as extra rows, numbered in sort order (UNION ALL keeps no order), each
    # with the distance its card shows, so loading the page's rows needs no keyword, distance or
    # filter SQL again.
    blanks = ", ".join(["NULL"] * (len(COLUMNS) + 2 + len(FACET_SETS)))
    order = order_by(keys)
    shown = nearest(place[0], place[1]) if place else ("NULL", ())
    candidates: Fragment = ('matching WHERE "fails" = %s', (PASSES,))
    if late:
        # Only jobs ranked at least as high as the page's last job can be on it (the top offset +
        # size and any that tie with the last): their distances alone are measured.
        narrow = ", ".join(quoted(name) for name in extra)
        candidates = (
            f"(SELECT {narrow}, {shown[0]} AS sort_distance FROM (SELECT {narrow} FROM matching"  # noqa: S608  # nosec B608
            f' WHERE "fails" = %s ORDER BY sort_rank DESC FETCH FIRST %s ROWS WITH TIES) AS {JOB}) AS candidates',
            (*shown[1], PASSES, page[1] + page[2]),
        )
    text = (
        f"SELECT {names}, COUNT(*), {grouping}, NULL, NULL, NULL {counted}"  # noqa: S608  # nosec B608
        f" UNION ALL SELECT {blanks}, id, position, {shown[0]} FROM (SELECT id, row_number() OVER"
        f" (ORDER BY {order}) AS position FROM {candidates[0]} ORDER BY {order} LIMIT %s OFFSET %s) AS {JOB}"
    )
    params = (*jobs[1], FAILS_TWO, *shown[1], *candidates[1], page[2], page[1])
    return f"{PLANNER}; WITH matching AS MATERIALIZED ({jobs[0]}) {text}", params


def facet_rows(
    criteria: dict, thresholds: list[Decimal], page: tuple[list[SortKey], int, int] | None
) -> tuple[list[tuple[frozenset[str], dict]], list[str], dict[int, float | None] | None]:
    """(FACET_SETS columns the row counts for, row) for each group of matching jobs, the chosen
    filters in the order `fails` numbers them, and when `page` (sort keys, offset, size) is given
    that page's job ids in order, each with its distance (None when not searched by distance): one
    statement, one scan of the matching jobs."""
    conditions = filter_conditions(criteria)
    text, params = statement(criteria, conditions, thresholds, page)
    with connection.cursor() as cursor:
        cursor.execute(text, params)
        cursor.nextset()  # past the SET
        found = cursor.fetchall()
    rows, positions, distances = [], {}, {}
    width = len(COLUMNS) + 2 + len(FACET_SETS)
    layouts = row_layouts()
    for record in found:
        if page and record[width] is not None:
            positions[record[width]] = record[width + 1]
            distances[record[width]] = record[width + 2]
            continue
        # GROUPING() is 0 for the set this row was grouped by: only that set's columns are read.
        counted, places, packed = layouts[record[len(COLUMNS) + 2 : width].index(0)]
        row = {"fails": record[0], "n": record[len(COLUMNS) + 1]}
        for place, name in places:
            row[name] = record[place]
        if packed and (code := record[packed[0]]) is not None:
            row.update(unpacked(packed[1], code))
        rows.append((counted, row))
    filters = list(conditions)
    if not page:
        return rows, filters, None
    return rows, filters, {pk: distances[pk] for pk in sorted(positions, key=positions.get)}


@functools.cache
def row_layouts() -> list[tuple[frozenset[str], list[tuple[int, str]], tuple | None]]:
    """For each of PACKED_FACET_SETS, in a row of the statement (`fails`, COLUMNS, the count): the
    FACET_SETS columns it counts for, where its plain columns are, and where its packed column is
    with the column's name (None when it has none)."""
    layouts = []
    for packed_set, counted in zip(PACKED_FACET_SETS, FACET_SETS, strict=True):
        places = [(1 + COLUMNS.index(c), c) for c in packed_set if c not in PACKED]
        packed = next(((1 + COLUMNS.index(c), c) for c in packed_set if c in PACKED), None)
        layouts.append((frozenset(counted), places, packed))
    return layouts


@functools.cache
def unpacked(name: str, code: int) -> dict:
    """A generated facet column's number as the columns of FACET_SETS it stands for."""
    values = unpack_facets(code, PACKED[name])
    if "afc_band" in values:
        values["afc"] = 0 if values.pop("afc_band") == "" else 1
    return values
