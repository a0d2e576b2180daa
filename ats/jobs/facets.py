"""The filters' counts (facets): how many live jobs each choice would show, counted in one query."""

from __future__ import annotations

import functools
from collections import defaultdict
from decimal import Decimal

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL

from ats.jobs.distance import Place, one_point_within
from ats.jobs.models import Vacancy
from ats.jobs.search_filters import (
    FACET_SETS,
    FAILS_TWO,
    PACKED,
    PACKED_FACET_SETS,
    PASSES,
    PLANNER,
    SORT_COLUMNS,
    SortKey,
    distance_breaks_rank_ties,
    failing_filter,
    order_by_sql,
    unpacked,
)
from ats.jobs.search_terms import (
    HOURS_CHOICES,
    KIND_CHOICES,
    MIN_PAY_CHOICES,
    TOGGLES,
    FacetOption,
    hours_bucket,
)
from ats.organisations.models import Organisation


def _facet_rows(
    matching: QuerySet, page: tuple[list[SortKey], int, int] | None, arms: tuple[str, str] | None = None
) -> tuple[list[tuple[frozenset[str], dict]], dict[int, float | None] | None]:
    """(columns the row counts for, row) for each group of matching jobs and, on PostgreSQL when
    `page` (sort keys, offset, size) is given, that page's job ids in order, each with its distance
    (None when not searched by distance): one SQL statement, one scan. `arms` (PostgreSQL, searched
    by distance): `matching` is filtered by the first, the one-point jobs' condition; the jobs with
    several points are the same SQL with the second instead, and the two are read as one."""
    columns = [column for group in FACET_SETS for column in group]
    if connection.vendor != "postgresql":
        everything = frozenset(columns)
        groups = matching.values("fails", *columns).annotate(n=Count("pk"))
        return [(everything, row) for row in groups], None
    columns = [column for group in PACKED_FACET_SETS for column in group]
    keys = [(SORT_COLUMNS.get(column, column), *rest) for column, *rest in page[0]] if page else []
    late = page is not None and distance_breaks_rank_ties(page[0])
    kept = [column for column, _, _ in keys if not (late and column == "sort_distance")]
    extra = list(dict.fromkeys(["id", *kept])) if page else []
    sql, params = matching.values("fails", *columns, *extra).query.sql_with_params()
    if arms:
        one, several = arms
        if sql.count(one) != 1:
            raise ValueError("the one-point condition is not in the search's SQL once")
        # Two index scans, each with its own plan (PostgreSQL does not split an OR into them).
        sql, params = f"{sql} UNION ALL {sql.replace(one, several)}", (*params, *params)
    q = connection.ops.quote_name
    names = ", ".join(q(c) for c in ["fails", *columns])
    grouping = ", ".join(f"GROUPING({q(group[0])})" for group in PACKED_FACET_SETS)
    sets = ", ".join(f"({q('fails')}, {', '.join(q(c) for c in group)})" for group in PACKED_FACET_SETS)
    # Names are quoted column names and the SQL comes from the ORM: no user input is pasted in. Jobs
    # failing two or more chosen filters count nowhere, so they are not grouped.
    counted = f"FROM matching WHERE {q('fails')} <> {FAILS_TWO} GROUP BY GROUPING SETS ({sets})"
    statement = f"SELECT {names}, COUNT(*), {grouping} {counted}"
    if page:
        # The page's ids ride along as extra rows, numbered in sort order (UNION ALL keeps no order),
        # each with the distance its card shows, so loading the page's rows needs no keyword,
        # distance or filter SQL again.
        blanks = ", ".join(["NULL"] * (len(columns) + 2 + len(FACET_SETS)))
        order = order_by_sql(keys)
        table = q(Vacancy._meta.db_table)
        candidates, candidate_params, shown, shown_params = f"matching WHERE fails = {PASSES}", (), "NULL", ()
        if "distance" in matching.query.annotations and not isinstance(
            matching.query.annotations["distance"], Value
        ):
            # The nearest point's distance, correlated to "ats_vacancy"."id": the subqueries that
            # use it name their rows after the table.
            compiler = matching.query.get_compiler(connection=connection)
            shown, shown_params = compiler.compile(matching.query.annotations["distance"])
        if late:
            # Only jobs ranked at least as high as the page's last job can be on it (the top
            # offset + size and any that tie with the last): their distances alone are measured.
            narrow = ", ".join(q(c) for c in extra)
            candidates = (
                f"(SELECT {narrow}, {shown} AS sort_distance FROM (SELECT {narrow} FROM matching"  # noqa: S608  # nosec B608
                f" WHERE fails = {PASSES} ORDER BY sort_rank DESC FETCH FIRST %s ROWS WITH TIES) AS {table}) AS candidates"
            )
            candidate_params = (*shown_params, page[1] + page[2])
        statement = (
            f"SELECT {names}, COUNT(*), {grouping}, NULL, NULL, NULL {counted}"  # noqa: S608  # nosec B608
            f" UNION ALL SELECT {blanks}, id, position, {shown} FROM (SELECT id, row_number() OVER"
            f" (ORDER BY {order}) AS position FROM {candidates} ORDER BY {order} LIMIT %s OFFSET %s) AS {table}"
        )
        params = (*params, *shown_params, *candidate_params, page[2], page[1])
    with connection.cursor() as cursor:
        cursor.execute(f"{PLANNER}; WITH matching AS MATERIALIZED ({sql}) {statement}", params)
        cursor.nextset()  # past the SET
        found = cursor.fetchall()
    rows, positions, distances = [], {}, {}
    width = len(columns) + 2 + len(FACET_SETS)
    layouts = _row_layouts(tuple(columns))
    for record in found:
        if page and record[width] is not None:
            positions[record[width]] = record[width + 1]
            distances[record[width]] = record[width + 2]
            continue
        # GROUPING() is 0 for the set this row was grouped by: only that set's columns are read.
        counted, places, packed = layouts[record[len(columns) + 2 : width].index(0)]
        row = {"fails": record[0], "n": record[len(columns) + 1]}
        for place, column in places:
            row[column] = record[place]
        if packed and (code := record[packed[0]]) is not None:
            row.update(unpacked(packed[1], code))
        rows.append((counted, row))
    if not page:
        return rows, None
    return rows, {pk: distances[pk] for pk in sorted(positions, key=positions.get)}


@functools.cache
def _row_layouts(
    columns: tuple[str, ...],
) -> list[tuple[frozenset[str], list[tuple[int, str]], tuple | None]]:
    """For each of PACKED_FACET_SETS, in a row of the facet statement (`fails`, `columns`, the count):
    the FACET_SETS columns it counts for, where its plain columns are, and where its packed column
    is with the column's name (None when it has none)."""
    layouts = []
    for packed_set, counted in zip(PACKED_FACET_SETS, FACET_SETS, strict=True):
        places = [(1 + columns.index(c), c) for c in packed_set if c not in PACKED]
        packed = next(((1 + columns.index(c), c) for c in packed_set if c in PACKED), None)
        layouts.append((frozenset(counted), places, packed))
    return layouts


def facet_counts(
    base: QuerySet,
    queries: dict[str, Q],
    criteria: dict,
    form,
    *,
    page: tuple[list[SortKey], int, int] | None = None,
    place: Place | None = None,
) -> tuple[tuple[dict, dict, list, int], dict[int, float | None] | None]:
    """Every facet's counts and the total from one statement over the matching jobs' facet columns,
    and on PostgreSQL the ids of a page of jobs passing every filter (`page`: sort keys, offset,
    size) from the same scan, in order, with their distances; None where the page must be asked
    for separately.

    The database works out which chosen filter each job fails (`fails`); a job failing two or more
    counts nowhere, a job failing none counts everywhere, a job failing exactly one counts only towards that facet's
    options (GOV.UK finder style: a facet's counts ignore its own choice). On PostgreSQL the groups
    come from GROUPING SETS, a few hundred rows whatever the number of matches; Python adds them up.
    With `place` (PostgreSQL only), `base` is not yet filtered by distance: the statement filters it,
    the one-point jobs and the others apart (`one_point_within`)."""
    chosen_pay = Decimal(criteria["min_pay"]) if criteria.get("min_pay") else None
    thresholds = sorted({Decimal(a) for a in MIN_PAY_CHOICES} | ({chosen_pay} if chosen_pay else set()))
    pay_level = Case(
        *[When(hourly_pay_max__gte=t, then=Value(i)) for i, t in reversed(list(enumerate(thresholds)))],
        default=Value(-1),
        output_field=IntegerField(),
    )
    matching = base.order_by().annotate(
        pl=pay_level,
        afc=Case(When(afc_band="", then=Value(0)), default=Value(1)),
        fails=failing_filter(queries),
    )  # jobs failing two or more filters count nowhere, but filtering them out in SQL misleads the planner
    arms = one_point_within(*place) if place else None
    if arms:
        # Only numbers are written into it (`_written_in`), no user input.
        matching = matching.filter(RawSQL(arms[0], (), output_field=BooleanField()))  # noqa: S611  # nosec B611
    if page and connection.vendor == "postgresql":
        passing = Q(*queries.values())
        sorted_by = {column for column, _, _ in page[0]}
        if distance_breaks_rank_ties(page[0]):
            sorted_by.discard("distance")  # measured later, for the page's candidates only
        for column, alias in SORT_COLUMNS.items():  # only jobs on the list need a rank or distance
            if column not in sorted_by:
                continue
            value = F(column) if not queries else Case(When(passing, then=F(column)), default=None)
            matching = matching.annotate(**{alias: ExpressionWrapper(value, output_field=FloatField())})
    counters: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    total = 0
    keys = {
        "role": "role_id", "setting": "setting", "contract": "contract", "pattern": "pattern",
        "area": "local_authority_id",
    }  # fmt: skip
    toggle_columns = {"no_driving": "driving_required", "sponsorship": "visa_sponsorship", "new_to_care": "new_to_care_welcome"}  # fmt: skip
    groups, ids = _facet_rows(matching, page, arms)
    failed = [None, *queries]  # by `fails`: None when passing every filter, else the one it fails
    keys_of: dict[frozenset, list] = {}  # the facets of `keys` a set of columns counts for
    for counted, row in groups:
        if row["fails"] == FAILS_TWO:
            continue
        only, n = failed[row["fails"]], row["n"]
        if only is None and "role_id" in counted:
            total += n
        if (counted_keys := keys_of.get(counted)) is None:
            counted_keys = keys_of[counted] = [(f, k) for f, k in keys.items() if k in counted]
        for facet, key in counted_keys:
            if only in (None, facet):
                counters[facet][row[key]] += n
        if "hours_per_week" in counted and only in (None, "hours"):
            counters["hours"][hours_bucket(row["hours_per_week"])] += n
        if "organisation_kind" in counted and only in (None, "kind"):
            counters["kind"][row["organisation_kind"]] += n
            if row["afc"] and row["organisation_kind"] != Organisation.Kind.NHS_TRUST:
                counters["kind"][Organisation.Kind.NHS_TRUST] += n
        if "pl" in counted and only in (None, "min_pay"):
            for level in range(row["pl"] + 1):
                counters["pay"][level] += n
        for name, column in toggle_columns.items():
            if column in counted and only in (None, name) and row[column] == (name != "no_driving"):
                counters["toggles"][name] += n

    def options(choices, counts, selected) -> list[FacetOption]:
        selected = [str(v) for v in selected]
        return [
            FacetOption(str(value), label, counts.get(key, 0), str(value) in selected)
            for key, value, label in choices
            if counts.get(key, 0) or str(value) in selected
        ]

    facets = {
        "role": options([(r.pk, r.slug, r.name) for r in form.roles], counters["role"], criteria.get("role", [])),
        "setting": options([(v, v, lbl) for v, lbl in Vacancy.Setting.choices], counters["setting"], criteria.get("setting", [])),
        "contract": options([(v, v, lbl) for v, lbl in Vacancy.Contract.choices], counters["contract"], criteria.get("contract", [])),
        "pattern": options([(v, v, lbl) for v, lbl in Vacancy.Pattern.choices], counters["pattern"], criteria.get("pattern", [])),
        "hours": options([(v, v, lbl) for v, lbl in HOURS_CHOICES], counters["hours"], criteria.get("hours", [])),
        "kind": options([(v, v, lbl) for v, lbl in KIND_CHOICES], counters["kind"], criteria.get("kind", [])),
        "area": options([(a.pk, a.slug, a.name) for a in form.areas], counters["area"], criteria.get("area", [])),
    }  # fmt: skip
    toggle_counts = {name: counters["toggles"][name] for name in TOGGLES}
    pay_options = [
        FacetOption(
            amount,
            f"£{Decimal(amount):.2f} an hour or more",
            counters["pay"][thresholds.index(Decimal(amount))],
            chosen_pay is not None and chosen_pay == Decimal(amount),
        )
        for amount in MIN_PAY_CHOICES
    ]
    return (facets, toggle_counts, pay_options, total), ids
