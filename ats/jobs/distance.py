"""Distance in job search: miles from a place to a vacancy's nearest point, and the boxes that let an
index narrow the rows first and spare measuring, as ORM expressions (the PostgreSQL statement of
`search_sql` writes the same as SQL)."""

from __future__ import annotations

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

from ats.jobs.models import VacancyPoint
from ats.places.postcodes import EARTH_RADIUS_MILES

BoxLimits = tuple[float, float, float, float]  # south, north, west, east (degrees)


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
    """A box inside the circle of `miles` round a point (`inner_box_limits`) as a condition on a
    job's (or point's) latitude and longitude: every point in it is within `miles`."""
    limits = inner_box_limits(latitude, longitude, miles)
    return _box(*limits) if limits else None


def inner_box_limits(latitude: float, longitude: float, miles: float) -> BoxLimits | None:
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
    return latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon


def bounding_box(latitude: float, longitude: float, miles: float) -> Q:
    return _box(*bounding_box_limits(latitude, longitude, miles))


def bounding_box_limits(latitude: float, longitude: float, miles: float) -> BoxLimits:
    """(south, north, west, east): a box round the circle of `miles`, for an index to narrow by."""
    dlat = miles / 69.0
    dlon = miles / max(69.0 * math.cos(math.radians(latitude)), 0.1)
    return latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon


def _box(south: float, north: float, west: float, east: float) -> Q:
    return Q(latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east)


Place = tuple[float, float, float]  # latitude, longitude, miles
