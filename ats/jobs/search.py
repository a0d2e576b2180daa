"""Job search: keyword, distance, filters with counts, sorts. A fixed number of queries per search.

Keyword: PostgreSQL full text (websearch syntax, weighted vector, ranked); on SQLite every word must
appear in the title, summary or search text. Distance is to a job's nearest point (VacancyPoint: each
site, or the council centroids of an area-based post): a job is in range if one of its points is
(a semi-join on a bounding box over the indexed point columns, then the exact haversine distance
for points outside a smaller box wholly within the radius; on PostgreSQL a job with one point is
tested on its own row instead, `one_point_within`), and the distance shown and sorted by is
the nearest point's, from one correlated subquery in the same SQL statement, never a query per job.

A search reads the matching jobs once: on PostgreSQL one statement returns every facet's counts
(GROUPING SETS), the total and the page's ids; a second loads the page's rows. See ADR 0008.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt
from django.utils import timezone

from ats.jobs.models import Vacancy, VacancyPoint, unpack_facets
from ats.jobs.vacancies import live_vacancies
from ats.organisations.models import Organisation
from ats.places.postcodes import EARTH_RADIUS_MILES
from cms.prepared import PreparedQuery, Slot, slot_list, slot_values

# The filters' choices (the search form offers them; the facet counts count them).
MIN_PAY_CHOICES = ["12.21", "12.50", "13.00", "14.00", "15.00", "17.50", "20.00"]
HOURS_CHOICES = [("under_16", "Under 16 hours"), ("16_29", "16 to 29 hours"), ("30_plus", "30 hours or more")]
KIND_CHOICES = [
    (Organisation.Kind.PROVIDER.value, "Independent care provider"),
    (Organisation.Kind.VOLUNTARY.value, "Charity or voluntary sector"),
    (Organisation.Kind.COUNCIL_SERVICE.value, "Council care service"),
    (Organisation.Kind.ACADEMY.value, "Care academy"),
    (Organisation.Kind.NHS_TRUST.value, "NHS (Agenda for Change pay)"),
]

PAGE_SIZE = 20
FACET_CACHE_SECONDS = 30
# Columns a result card never shows: left out of the employer page's list (search_vector alone is large).
LIST_DEFERRED = [
    "description", "search_text", "search_vector", "organisation__description", "role__summary",
]  # fmt: skip
# What a job card (ats.jobs.cards, with describe_pay) reads: all a search result or similar job loads.
CARD_FIELDS = [
    "title", "slug", "contract", "pattern", "hours_per_week", "pay_period", "afc_band",
    "new_to_care_welcome", "visa_sponsorship", "hourly_pay_min", "hourly_pay_max", "annual_pay_min",
    "annual_pay_max", "pay_year", "latitude", "longitude", "closing_date",
    "organisation__name", "organisation__slug", "organisation__verified", "local_authority__name",
]  # fmt: skip
MAX_WORDS = 8
TOGGLES = {
    "no_driving": Q(driving_required=False),
    "sponsorship": Q(visa_sponsorship=True),
    "new_to_care": Q(new_to_care_welcome=True),
}
HOURS_Q = {
    "under_16": Q(hours_per_week__lt=16),
    "16_29": Q(hours_per_week__gte=16, hours_per_week__lt=30),
    "30_plus": Q(hours_per_week__gte=30),
}


def hours_bucket(hours: Decimal | None) -> str:
    """HOURS_Q's bucket for a job's hours a week ('' when not stated), for counting in Python."""
    if hours is None:
        return ""
    return "under_16" if hours < 16 else "16_29" if hours < 30 else "30_plus"


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResults:
    page: Page
    total: int
    facets: dict[str, list[FacetOption]] = field(default_factory=dict)
    toggle_counts: dict[str, int] = field(default_factory=dict)
    min_pay_counts: list[FacetOption] = field(default_factory=list)
    sort: str = "newest"
    searched_by_distance: bool = False


class PostgresDistance(Func):
    """`composed_distance`'s SQL as one expression on PostgreSQL: the same text and parameters (so
    the same numbers), without resolving and copying its twenty-odd nested expressions each time a
    search's queries are built and compiled (a third of building them). SQLite keeps the composed
    form, whose SQL differs there (LEAST is written MIN, for one)."""

    output_field = FloatField()

    def __init__(self, latitude: float, longitude: float):
        super().__init__(F("latitude"), F("longitude"))
        self.point = (latitude, longitude)

    def as_sql(self, compiler, connection, **extra_context):
        latitude, longitude = self.point
        (lat, lat_params), (lon, lon_params) = (compiler.compile(e) for e in self.source_expressions)
        # Compiled as Value() so each parameter is adapted exactly as in the composed expression.
        constants = [2 * EARTH_RADIUS_MILES, latitude, 2, 2, math.cos(math.radians(latitude)), longitude, 1.0]
        (radius, r), (origin_lat, a), (two, t), (square, s), (cos_lat, c), (origin_lon, o), (one, u) = (
            compiler.compile(Value(constant)) for constant in constants
        )
        sql = (
            f"({radius} * ASIN(SQRT(LEAST((POWER(SIN((RADIANS(({lat} - {origin_lat})) / {two})), {square})"
            f" + (({cos_lat} * COS(RADIANS({lat}))) * POWER(SIN((RADIANS(({lon} - {origin_lon})) / {two}))"
            f", {square}))), {one}))))"
        )
        params = (*r, *lat_params, *a, *t, *s, *c, *lat_params, *lon_params, *o, *t, *s, *u)
        return sql, params


def distance_expression(latitude: float, longitude: float):
    """Haversine distance in miles from a point, as a database expression."""
    if connection.vendor == "postgresql":
        return PostgresDistance(latitude, longitude)
    return composed_distance(latitude, longitude)


def composed_distance(latitude: float, longitude: float):
    """Haversine distance in miles from a point, composed from Django's database functions."""
    lat, lon = F("latitude"), F("longitude")
    half_dlat = Radians(lat - Value(latitude)) / 2
    half_dlon = Radians(lon - Value(longitude)) / 2
    a = Power(Sin(half_dlat), 2) + Value(math.cos(math.radians(latitude))) * Cos(Radians(lat)) * Power(
        Sin(half_dlon), 2
    )
    return Value(2 * EARTH_RADIUS_MILES) * ASin(Sqrt(Least(a, Value(1.0))))


def distance_from(latitude: float, longitude: float, to_latitude: float, to_longitude: float) -> float:
    """distance_expression in Python: the same operations in the same order, so the same float as
    the database gives (both use the C library's functions), without building and compiling the
    expression for a handful of rows."""
    half_dlat = math.radians(to_latitude - latitude) / 2
    half_dlon = math.radians(to_longitude - longitude) / 2
    a = (
        math.sin(half_dlat) ** 2
        + math.cos(math.radians(latitude)) * math.cos(math.radians(to_latitude)) * math.sin(half_dlon) ** 2
    )
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(min(a, 1.0)))


def nearest_distance(latitude: float, longitude: float):
    """The distance in miles from a point to a job's nearest point, as a correlated subquery."""
    nearest = (
        VacancyPoint.objects.filter(vacancy=OuterRef("pk"))
        .annotate(d=distance_expression(latitude, longitude))
        .order_by("d")
        .values("d")[:1]
    )
    return Subquery(nearest, output_field=FloatField())


def within(latitude: float, longitude: float, miles: float) -> Exists:
    """A job with at least one point within `miles` (the database turns this into a semi-join).
    Points inside a box well within the circle pass without measuring: only those near the edge
    need the great-circle distance."""
    near = Q(d__lte=miles)
    inner = inner_box(latitude, longitude, miles)
    return Exists(
        VacancyPoint.objects.filter(bounding_box(latitude, longitude, miles), vacancy=OuterRef("pk"))
        .annotate(d=distance_expression(latitude, longitude))
        .filter(inner | near if inner else near)
    )


def inner_box(latitude: float, longitude: float, miles: float) -> Q | None:
    """A box inside the circle of `miles` round a point (a square of 99% of the inscribed one's
    side): every point in it is within `miles` by the haversine formula, the 1% margin dwarfing
    rounding, so a point in it can skip the distance. None near a pole, where no box is worth it.

    Half a side is h = 0.99 * miles / sqrt(2); in the box |dlat| <= h / R and |dlon| <= h / (R cos
    lat) for the box's latitude nearest the equator (the largest cosine), so sin^2(d / 2R) <=
    (h / 2R)^2 + (h / 2R)^2 and d <= 0.99 * miles * (1 + 1e-5) < miles."""
    half = miles * 0.99 / math.sqrt(2) / EARTH_RADIUS_MILES  # radians of latitude
    dlat = math.degrees(half)
    if abs(latitude) + dlat > 80:
        return None
    dlon = math.degrees(half / math.cos(math.radians(max(abs(latitude) - dlat, 0.0))))
    return Q(
        latitude__gte=latitude - dlat,
        latitude__lte=latitude + dlat,
        longitude__gte=longitude - dlon,
        longitude__lte=longitude + dlon,
    )


def bounding_box(latitude: float, longitude: float, miles: float) -> Q:
    dlat = miles / 69.0
    dlon = miles / max(69.0 * math.cos(math.radians(latitude)), 0.1)
    return Q(
        latitude__gte=latitude - dlat,
        latitude__lte=latitude + dlat,
        longitude__gte=longitude - dlon,
        longitude__lte=longitude + dlon,
    )


Place = tuple[float, float, float]  # latitude, longitude, miles


def one_point_within(latitude: float, longitude: float, miles: float) -> tuple[str, str]:
    """`within` as two conditions on PostgreSQL, for the jobs with one point and for the rest, as SQL
    with the numbers written in (as psycopg writes parameters: the same SQL the server sees, so the
    same floats). A job has its first three points on its row (refresh_vacancies), so a job with one
    point is tested on its row, and a job with two or three on the row's three, each in the same
    order and with the same distance expression as its point would be; only a job with more keeps
    the semi-join (a job with none is never within). The search's statement reads the two kinds
    through their own indexes (migrations 0018, 0020): the one-point jobs by their latitude, so only
    the band of the search's box, instead of joining every job to its points."""
    near, joined = _one_point_conditions(latitude, longitude, miles)
    quote = connection.ops.quote_name
    table = quote(Vacancy._meta.db_table)
    count = f"{table}.{quote('point_count')}"
    # The other points' conditions are the first's SQL with their columns for its own (compiling
    # each again cost more Python than the database saved): the same text, so the same floats.
    on_row = []
    for columns in Vacancy.ROW_POINTS:
        condition = near
        for column, instead in zip(Vacancy.ROW_POINTS[0], columns, strict=True):
            condition = condition.replace(f"{table}.{quote(column)}", f"{table}.{quote(instead)}")
        on_row.append(f"({condition})")
    # The count before the EXISTS: only a job with more points than its row holds runs the semi-join.
    beyond = f"({count} > {len(Vacancy.ROW_POINTS)} AND {joined})"
    return f"({near}) AND {count} = 1", f"{count} > 1 AND ({' OR '.join([*on_row, beyond])})"


def _one_point_conditions(latitude: float, longitude: float, miles: float) -> tuple[str, str]:
    """The first point on the row within `miles`, and the EXISTS over a job's points, as SQL with the
    numbers written in. The ORM builds and compiles them once per shape of place (with an inner box
    or not, `_one_point_template`); each search writes its own numbers into that SQL."""
    floats = all(type(number) is float for number in (latitude, longitude, miles))  # (as traced)
    template = floats and _one_point_template(inner_box(latitude, longitude, miles) is None)
    if not template:  # (the numbers could not be traced: compiled for this place alone)
        return _one_point_written(*_one_point_compiled(latitude, longitude, miles))
    values = _place_values(latitude, longitude, miles)
    near, near_params, joined, joined_params = template
    return _one_point_written(
        near,
        [values[name] if name else constant for name, constant in near_params],
        joined,
        [values[name] if name else constant for name, constant in joined_params],
    )


def _one_point_compiled(latitude: float, longitude: float, miles: float) -> tuple[str, list, str, list]:
    """_one_point_conditions from the ORM: each as SQL and its parameters."""
    query = Vacancy.objects.annotate(d=PostgresDistance(latitude, longitude)).query
    query.add_q(_on_row(latitude, longitude, miles))
    compiler = query.get_compiler(connection=connection)
    near, near_params = query.where.as_sql(compiler, connection)
    joined, joined_params = compiler.compile(within(latitude, longitude, miles).resolve_expression(query))
    return near, list(near_params), joined, list(joined_params)


def _one_point_written(near: str, near_params: list, joined: str, joined_params: list) -> tuple[str, str]:
    return _written_in(near, near_params), _written_in(joined, joined_params)


def _place_values(latitude: float, longitude: float, miles: float) -> dict[str, float]:
    """Every number the conditions are made of, worked out as the ORM's inputs are (bounding_box,
    inner_box, PostgresDistance), by name."""
    values = {"latitude": latitude, "longitude": longitude, "miles": miles}
    values["cos latitude"] = math.cos(math.radians(latitude))  # as PostgresDistance
    boxes = [
        ("box", bounding_box(latitude, longitude, miles)),
        ("inner", inner_box(latitude, longitude, miles)),
    ]
    for prefix, box in boxes:
        for lookup, value in box.children if box else ():
            values[f"{prefix} {lookup}"] = value
    return values


# Places the conditions are compiled for, to find which number goes where: with an inner box, and
# near a pole without one; the fourth checks the others' finding.
_PROBES = {
    False: [(54.9, -1.6, 10.0), (55.37, -2.13, 17.0), (53.71, -0.92, 3.0), (-33.87, 151.2, 1.0)],
    True: [(80.5, 10.0, 50.0), (85.0, -20.0, 5.0), (81.2, 3.3, 30.0), (-88.0, -179.5, 20.0)],
}


@functools.cache
def _one_point_template(without_inner_box: bool) -> tuple[str, list, str, list] | None:
    """_one_point_conditions as compiled SQL with, for each parameter, the name of the number in
    `_place_values` it is (or None and the constant it always is), traced by compiling three places;
    None if any parameter cannot be traced or a fourth place's SQL differs from the ORM's."""
    probes = _PROBES[without_inner_box]
    compiled = [_one_point_compiled(*place) for place in probes[:3]]
    values = [_place_values(*place) for place in probes[:3]]
    if len({(near, joined) for near, _, joined, _ in compiled}) != 1:
        return None

    def trace(position: int) -> list | None:
        names = []
        for k in range(len(compiled[0][position])):
            found = [c[position][k] for c in compiled]
            name = next(
                (
                    name
                    for name in values[0]
                    if all(
                        v[name] == f and type(v[name]) is type(f) for v, f in zip(values, found, strict=True)
                    )
                ),
                None,
            )
            if name is None and any(f != found[0] or type(f) is not type(found[0]) for f in found):
                return None
            names.append((name, None if name else found[0]))
        return names

    near_params, joined_params = trace(1), trace(3)
    if near_params is None or joined_params is None:
        return None
    template = (compiled[0][0], near_params, compiled[0][2], joined_params)
    check = _place_values(*probes[3])
    filled = [check[n] if n else c for n, c in near_params], [check[n] if n else c for n, c in joined_params]
    if _one_point_written(template[0], filled[0], template[2], filled[1]) != _one_point_written(
        *_one_point_compiled(*probes[3])
    ):
        return None
    return template


def _on_row(latitude: float, longitude: float, miles: float) -> Q:
    """The first point on the job's row (annotated `d`, the distance to it) within `miles`: the test
    `within` makes of each of a job's points."""
    near = Q(d__lte=miles)
    inner = inner_box(latitude, longitude, miles)
    return Q(bounding_box(latitude, longitude, miles), inner | near if inner else near)


def _written_in(sql: str, params) -> str:
    """SQL with its parameters written in, by psycopg as its client-side binding (Django's) writes
    them for the server; only numbers are."""
    if not all(isinstance(value, int | float) and not isinstance(value, bool) for value in params):
        raise TypeError("only numbers are written into SQL")
    written = connection.ops.compose_sql(sql, params)
    if "%" in written:
        raise ValueError("SQL with a literal % cannot be written in")
    return written


def keyword_words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())[:MAX_WORDS]


def _keyword(queryset: QuerySet, text: str) -> tuple[QuerySet, bool]:
    """Returns the filtered queryset and whether it carries a `rank` annotation."""
    if not text:
        return queryset, False
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = SearchQuery(text, search_type="websearch", config="english")
        return queryset.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query)), True
    words = keyword_words(text)
    if not words:
        return queryset.none(), False
    for word in words:
        queryset = queryset.filter(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(search_text__icontains=word)
        )
    rank = Case(
        *[When(title__icontains=word, then=Value(1)) for word in words[:1]],
        default=Value(0),
        output_field=IntegerField(),
    )
    return queryset.annotate(rank=rank), True


def filter_queries(criteria: dict) -> dict[str, Q]:
    """One Q per facet, so each facet's counts can leave its own filter out (GOV.UK finder style)."""
    queries: dict[str, Q] = {}
    if criteria.get("role_ids"):
        queries["role"] = Q(role_id__in=criteria["role_ids"])
    for name in ("setting", "contract", "pattern"):
        if criteria.get(name):
            queries[name] = Q(**{f"{name}__in": criteria[name]})
    if criteria.get("hours"):
        hours_q = Q()
        for bucket in criteria["hours"]:
            hours_q |= HOURS_Q[bucket]
        queries["hours"] = hours_q
    if criteria.get("kind"):
        kind_q = Q(organisation_kind__in=criteria["kind"])
        if Organisation.Kind.NHS_TRUST in criteria["kind"]:
            kind_q |= ~Q(afc_band="")
        queries["kind"] = kind_q
    if criteria.get("area_ids"):
        queries["area"] = Q(local_authority_id__in=criteria["area_ids"])
    if criteria.get("min_pay"):
        queries["min_pay"] = Q(hourly_pay_max__gte=Decimal(criteria["min_pay"]))
    for name, query in TOGGLES.items():
        if criteria.get(name):
            queries[name] = query
    return queries


def place_of(criteria: dict) -> Place | None:
    lat, lon = criteria.get("latitude"), criteria.get("longitude")
    if lat is None or lon is None:
        return None
    return lat, lon, float(criteria.get("radius") or 10)


def base_queryset(criteria: dict, *, placed: bool = True) -> tuple[QuerySet, bool, bool]:
    """Live jobs matching the keyword and distance (with `placed` False, the distance is annotated
    but not yet a filter). Returns (queryset, ranked, by_distance)."""
    queryset = live_vacancies()
    if criteria.get("since"):
        queryset = queryset.filter(published_at__gte=criteria["since"])
    queryset, ranked = _keyword(queryset, criteria.get("q") or "")
    place = place_of(criteria)
    if place:
        lat, lon, radius = place
        if placed:
            queryset = queryset.filter(within(lat, lon, radius))
        return queryset.annotate(distance=nearest_distance(lat, lon)), ranked, True
    return queryset.annotate(distance=Value(None, output_field=FloatField())), ranked, False


SortKey = tuple[str, bool, bool]  # (column, descending, nulls last)


def _ordering(sort: str, *, ranked: bool, by_distance: bool) -> tuple[str, list[SortKey]]:
    if sort == "relevance" and not ranked:
        sort = ""
    if sort == "distance" and not by_distance:
        sort = ""
    if not sort:
        sort = "relevance" if ranked else "distance" if by_distance else "newest"
    newest = [("published_at", True, False), ("id", True, False)]  # live jobs have published_at
    nearest = [("distance", False, False)]
    orders = {
        "relevance": [("rank", True, False), *(nearest if by_distance else []), *newest],
        "distance": [*nearest, *newest],
        "newest": newest,
        "pay": [("hourly_pay_max", True, True), *newest],
        "closing": [("closing_date", False, True), *newest],
    }
    return sort, orders[sort]


def order_by(keys: list[SortKey]) -> list:
    return [
        F(column).desc(nulls_last=nulls_last or None)
        if descending
        else F(column).asc(nulls_last=nulls_last or None)
        for column, descending, nulls_last in keys
    ]


def order_by_sql(keys: list[SortKey]) -> str:
    quote = connection.ops.quote_name
    return ", ".join(
        f"{quote(column)} {'DESC' if descending else 'ASC'}{' NULLS LAST' if nulls_last else ''}"
        for column, descending, nulls_last in keys
    )


# Facet columns counted together. PostgreSQL groups by each set separately (GROUPING SETS), so each
# set yields a row per combination of its values however many jobs match; SQLite groups by all of
# them at once. Every job is hashed once per set, so few-valued columns share a set: five sets cost
# less than one per facet did, and still return a few hundred rows (at most 160 combinations of
# setting, contract and pattern, 32 of employer kind and the toggles). Hours are grouped as stated (a
# handful of values) and put in their buckets in Python: a CASE per job cost more than the grouping.
FACET_SETS: list[tuple[str, ...]] = [
    ("role_id",),
    ("setting", "contract", "pattern"),
    ("hours_per_week", "pl"),
    ("organisation_kind", "afc", "driving_required", "visa_sponsorship", "new_to_care_welcome"),
    ("local_authority_id",),
]
# On PostgreSQL the same sets, grouping by the generated columns that pack a set's few-valued facets
# into one small number each (migration 0018): two numbers written and hashed per job instead of
# eight strings and flags. Each row's numbers are unpacked into the columns above.
PACKED = {"facets_a": Vacancy.FACETS_A, "facets_b": Vacancy.FACETS_B}
PACKED_FACET_SETS: list[tuple[str, ...]] = [
    ("role_id",),
    ("facets_a",),
    ("hours_per_week", "pl"),
    ("facets_b",),
    ("local_authority_id",),
]


@functools.cache
def unpacked(column: str, code: int) -> dict:
    """A generated facet column's number as the columns of FACET_SETS it stands for."""
    values = unpack_facets(code, PACKED[column])
    if "afc_band" in values:
        values["afc"] = 0 if values.pop("afc_band") == "" else 1
    return values


PASSES, FAILS_TWO = 0, -1  # `fails` of a job passing every chosen filter; failing two or more


def failing_filter(queries: dict[str, Q]):
    """PASSES for a job that passes every chosen filter, the place (from 1) in `queries` of the only
    one it fails, else FAILS_TWO: a small number, cheaper to write and group by than a name."""
    if not queries:
        return Value(PASSES)
    if len(queries) == 1:
        (query,) = queries.values()
        return Case(When(query, then=Value(PASSES)), default=Value(1), output_field=IntegerField())
    return Case(
        When(Q(*queries.values()), then=Value(PASSES)),
        *[
            When(Q(*(q for other, q in queries.items() if other != name)), then=Value(place))
            for place, name in enumerate(queries, start=1)
        ],
        default=Value(FAILS_TWO),
        output_field=IntegerField(),
    )


SORT_COLUMNS = {"rank": "sort_rank", "distance": "sort_distance"}  # computed for passing jobs only
# The planner prices every page of an index at random_page_cost (4, a disk seek), so it would read
# the whole vacancy table (70 MB at 50,000 jobs) rather than all of the live-job index made for this
# scan (vacancy_live_search, 20 MB, migration 0016), which in memory is read in a third of the time.
# Sent in one go with the statement, SET LOCAL ends with it (they run as one implicit transaction;
# inside an atomic block, it ends with that block's transaction).
PLANNER = "SET LOCAL random_page_cost = 1.1"


def distance_breaks_rank_ties(keys: list[SortKey]) -> bool:
    """Best match sorts by rank, then distance: a job's distance only matters among jobs of the same
    rank, so it is measured for the jobs that could reach the page, not for every passing job."""
    columns = [column for column, _, _ in keys]
    return bool(columns) and columns[0] == "rank" and "distance" in columns


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


def search_vacancies(
    criteria: dict, form, *, page_number: int = 1, page_size: int = PAGE_SIZE
) -> SearchResults:
    unplaced, ranked, by_distance = base_queryset(criteria, placed=False)
    place = place_of(criteria)
    queries = filter_queries(criteria)
    sort, ordering = _ordering(criteria.get("sort") or "", ranked=ranked, by_distance=by_distance)

    def placed() -> QuerySet:  # (built only when asked for: most searches never need it)
        return unplaced.filter(within(*place)) if place else unplaced

    # One scan counts every facet and the total and (PostgreSQL) picks the page's jobs; the paginator
    # reuses the total. Counts are cached briefly: the landing page and popular searches are asked
    # for far more often than jobs change; a cached search then costs one query for its page.
    key = (
        "jobs:facets:"
        + hashlib.sha256(json.dumps(criteria, sort_keys=True, default=str).encode()).hexdigest()
    )
    cached, ids = cache.get(key), None
    if cached is None:
        # Sorted by rank or distance, the page comes from the same scan; otherwise its sort index
        # reads the page directly, cheaper than sorting every match.
        wanted = (ordering, (page_number - 1) * page_size, page_size) if ranked or by_distance else None
        if place and connection.vendor == "postgresql":
            cached, ids = facet_counts(unplaced, queries, criteria, form, page=wanted, place=place)
        else:
            cached, ids = facet_counts(placed(), queries, criteria, form, page=wanted)
        cache.set(key, cached, FACET_CACHE_SECONDS)
    facets, toggle_counts, pay_options, total = cached
    # The paginator only numbers the pages (the total is known): its rows are set below.
    page = Paginator(range(total), page_size).get_page(page_number)
    if ids is not None and page.number == page_number:
        # The statement has chosen the page and measured its distances: its rows are loaded by id
        # (still only while live), without the keyword, distance and filter SQL again.
        jobs = {job.pk: job for job in page_rows(list(ids))}
        page.object_list = []
        for pk, distance in ids.items():
            if pk in jobs:
                jobs[pk].distance = distance
                page.object_list.append(jobs[pk])
    else:  # SQLite, a cached search, no keyword or place, or a page number past the end
        matching = placed().filter(*queries.values())
        page.object_list = page_of(matching, ordering, (page.number - 1) * page_size, page_size)
    return SearchResults(
        page=page,
        total=total,
        facets=facets,
        toggle_counts=toggle_counts,
        min_pay_counts=pay_options,
        sort=sort,
        searched_by_distance=by_distance,
    )


def list_rows(queryset: QuerySet) -> QuerySet:
    """What a result card shows (CARD_FIELDS): a third of the columns, and as many fewer values to
    convert and set on each job, employer and council."""
    return queryset.select_related("organisation", "local_authority").only(*CARD_FIELDS)


# The page's rows by id, compiled once per number of ids (cms.prepared): the same SQL as
# list_rows(live_vacancies().filter(pk__in=ids)).
_PAGE_ROWS = PreparedQuery(
    lambda n: list_rows(
        live_vacancies(Slot("today", DateField())).filter(pk__in=slot_list("id", n, IntegerField()))
    )
)


def page_rows(ids: list[int]) -> list[Vacancy]:
    """The jobs with these ids, still live, with what a result card shows (in no particular order)."""
    if not ids:  # (the ORM asks no query for an empty IN either)
        return []
    return _PAGE_ROWS.run((len(ids),), today=timezone.localdate(), **slot_values("id", ids))


def page_of(matching: QuerySet, ordering: list[SortKey], offset: int, size: int) -> QuerySet:
    """One page of jobs in one statement: the database sorts only the matching ids and sort keys
    (narrow rows, a top-N sort however many match), then loads whole rows for the page's ids."""
    ids = matching.order_by(*order_by(ordering)).values("pk")[offset : offset + size]
    return list_rows(matching.filter(pk__in=ids)).order_by(*order_by(ordering))


def _similar(by_role: bool, nearby: bool) -> QuerySet:
    """similar_vacancies' query, its values Slots (bounding_box's bounds named by their lookups)."""
    like = Q(role_id=Slot("role", IntegerField())) if by_role else Q(setting=Slot("setting", CharField()))
    queryset = (
        live_vacancies(Slot("today", DateField()))
        .exclude(pk=Slot("pk", IntegerField()))
        .filter(like)
        .select_related("organisation", "local_authority")
        .only(*CARD_FIELDS)
        .order_by("-published_at", "-pk")
    )
    if nearby:
        box = ["latitude__gte", "latitude__lte", "longitude__gte", "longitude__lte"]
        queryset = queryset.filter(**{lookup: Slot(lookup, FloatField()) for lookup in box})
    return queryset[:SIMILAR]


SIMILAR = 4
_SIMILAR = PreparedQuery(_similar)  # compiled once per shape (cms.prepared)


def similar_vacancies(vacancy: Vacancy, *, miles: float = 15) -> list[Vacancy]:
    """Live jobs like this one: the same role (or setting) nearby, newest first, with distances.
    Walks the newest-first index and stops at SIMILAR, so it stays cheap at any volume. Each job
    loads only what its card shows (CARD_FIELDS); the distance is measured here, not in SQL."""
    by_role = bool(vacancy.role_id)
    values = {
        "today": timezone.localdate(),
        "pk": vacancy.pk,
        **({"role": vacancy.role_id} if by_role else {"setting": vacancy.setting}),
    }
    latitude, longitude = vacancy.latitude, vacancy.longitude
    if latitude is not None and longitude is not None:
        box = dict(bounding_box(latitude, longitude, miles).children)
        nearby = _SIMILAR.run((by_role, True), **values, **box)
        if nearby:
            for job in nearby:
                job.distance = distance_from(latitude, longitude, job.latitude, job.longitude)
            return nearby
    jobs = _SIMILAR.run((by_role, False), **values)
    for job in jobs:
        job.distance = None
    return jobs
