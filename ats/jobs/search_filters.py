"""What narrows and orders a job search: keywords, the filters, the base queryset and the sorts."""

from __future__ import annotations

import re
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Case,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)

from ats.jobs.distance import Place, nearest_distance, within
from ats.jobs.search_terms import HOURS_Q, MAX_WORDS, TOGGLES
from ats.jobs.vacancies import live_vacancies
from ats.organisations.models import Organisation


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


# Facet columns counted together. PostgreSQL groups by each set separately (GROUPING SETS), so each
# set yields a row per combination of its values however many jobs match; SQLite groups by all of
# them at once. Every job is hashed once per set, so few-valued columns share a set: five sets cost
# less than one per facet did, and still return a few hundred rows (at most 160 combinations of
# setting, contract and pattern, 32 of employer kind and the toggles). Hours are grouped as stated (a
# handful of values) and put in their buckets in Python: a CASE per job cost more than the grouping.
# (On PostgreSQL the few-valued columns are grouped packed: search_sql.PACKED_FACET_SETS.)
FACET_SETS: list[tuple[str, ...]] = [
    ("role_id",),
    ("setting", "contract", "pattern"),
    ("hours_per_week", "pl"),
    ("organisation_kind", "afc", "driving_required", "visa_sponsorship", "new_to_care_welcome"),
    ("local_authority_id",),
]
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
