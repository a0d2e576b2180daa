"""Distance in job search: miles from a place to a vacancy's nearest point, the bounding box that lets
an index narrow the rows first, and the one-point test written for each database."""

from __future__ import annotations

import functools
import math

from django.db import connection
from django.db.models import (
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt

from ats.jobs.models import Vacancy, VacancyPoint
from ats.places.postcodes import EARTH_RADIUS_MILES


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
