"""Job search: keyword, distance, filters with counts, sorts. A fixed number of queries per search.

Keyword: PostgreSQL full text (websearch syntax, weighted vector, ranked); on SQLite every word must
appear in the title, summary or search text. Distance: a bounding box on the indexed latitude and
longitude columns, then the exact haversine distance in SQL, so results can be sorted by it.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, Count, F, FloatField, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt

from ats.forms.search import HOURS_CHOICES, KIND_CHOICES, MIN_PAY_CHOICES
from ats.models import Organisation, Vacancy
from ats.services.postcodes import EARTH_RADIUS_MILES
from ats.services.vacancies import live_vacancies

PAGE_SIZE = 20
FACET_CACHE_SECONDS = 30
# Columns a result card never shows: left out of list queries (search_vector alone is large).
LIST_DEFERRED = [
    "description", "search_text", "search_vector", "organisation__description", "role__summary",
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


def distance_expression(latitude: float, longitude: float):
    """Haversine distance in miles from a point, as a database expression."""
    lat, lon = F("latitude"), F("longitude")
    half_dlat = Radians(lat - Value(latitude)) / 2
    half_dlon = Radians(lon - Value(longitude)) / 2
    a = Power(Sin(half_dlat), 2) + Value(math.cos(math.radians(latitude))) * Cos(Radians(lat)) * Power(
        Sin(half_dlon), 2
    )
    return Value(2 * EARTH_RADIUS_MILES) * ASin(Sqrt(Least(a, Value(1.0))))


def bounding_box(latitude: float, longitude: float, miles: float) -> Q:
    dlat = miles / 69.0
    dlon = miles / max(69.0 * math.cos(math.radians(latitude)), 0.1)
    return Q(
        latitude__gte=latitude - dlat,
        latitude__lte=latitude + dlat,
        longitude__gte=longitude - dlon,
        longitude__lte=longitude + dlon,
    )


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
        kind_q = Q(organisation__kind__in=criteria["kind"])
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


def base_queryset(criteria: dict) -> tuple[QuerySet, bool, bool]:
    """Live jobs matching the keyword and distance. Returns (queryset, ranked, by_distance)."""
    queryset = live_vacancies()
    queryset, ranked = _keyword(queryset, criteria.get("q") or "")
    lat, lon = criteria.get("latitude"), criteria.get("longitude")
    if lat is not None and lon is not None:
        radius = float(criteria.get("radius") or 10)
        queryset = (
            queryset.filter(bounding_box(lat, lon, radius))
            .annotate(distance=distance_expression(lat, lon))
            .filter(distance__lte=radius)
        )
        return queryset, ranked, True
    return queryset.annotate(distance=Value(None, output_field=FloatField())), ranked, False


def _ordering(sort: str, *, ranked: bool, by_distance: bool) -> tuple[str, list]:
    if sort == "relevance" and not ranked:
        sort = ""
    if sort == "distance" and not by_distance:
        sort = ""
    if not sort:
        sort = "relevance" if ranked else "distance" if by_distance else "newest"
    newest = ["-published_at", "-pk"]  # live jobs always have published_at; matches the index
    orders = {
        "relevance": [F("rank").desc(), *([F("distance").asc()] if by_distance else []), *newest],
        "distance": [F("distance").asc(), *newest],
        "newest": newest,
        "pay": [F("hourly_pay_max").desc(nulls_last=True), *newest],
        "closing": [F("closing_date").asc(nulls_last=True), *newest],
    }
    return sort, orders[sort]


def facet_counts(base: QuerySet, queries: dict[str, Q], criteria: dict, form) -> tuple[dict, dict, list, int]:
    """Every facet's counts in one query: COUNT(...) FILTER for each option, where each option's
    filter is that option plus every *other* facet's chosen filters (GOV.UK finder style)."""

    def others(*names: str) -> list[Q]:
        return [q for key, q in queries.items() if key not in names]

    def kind_q(value: str) -> Q:
        if value == Organisation.Kind.NHS_TRUST:
            return Q(organisation__kind=value) | ~Q(afc_band="")
        return Q(organisation__kind=value)

    option_sets: dict[str, list[tuple[str, str, Q, str | None]]] = {
        "role": [(r.slug, r.name, Q(role_id=r.pk), "role") for r in form.roles],
        "setting": [(v, label, Q(setting=v), "setting") for v, label in Vacancy.Setting.choices],
        "contract": [(v, label, Q(contract=v), "contract") for v, label in Vacancy.Contract.choices],
        "pattern": [(v, label, Q(pattern=v), "pattern") for v, label in Vacancy.Pattern.choices],
        "hours": [(v, label, HOURS_Q[v], "hours") for v, label in HOURS_CHOICES],
        "kind": [(v, label, kind_q(v), "kind") for v, label in KIND_CHOICES],
        "area": [(a.slug, a.name, Q(local_authority_id=a.pk), "area") for a in form.areas],
    }
    aggregates: dict[str, Count] = {}
    for facet, options in option_sets.items():
        rest = others(facet)
        for index, (_value, _label, query, _) in enumerate(options):
            aggregates[f"{facet}_{index}"] = Count("pk", filter=Q(query, *rest))
    for name, query in TOGGLES.items():
        aggregates[name] = Count("pk", filter=Q(query, *others(name)))
    for index, amount in enumerate(MIN_PAY_CHOICES):
        aggregates[f"pay_{index}"] = Count(
            "pk", filter=Q(Q(hourly_pay_max__gte=Decimal(amount)), *others("min_pay"))
        )
    aggregates["total"] = Count("pk", filter=Q(*queries.values()))
    totals = base.order_by().aggregate(**aggregates)

    facets: dict[str, list[FacetOption]] = {}
    for facet, options in option_sets.items():
        selected = [str(v) for v in criteria.get(facet, [])]
        facets[facet] = [
            FacetOption(str(value), label, totals[f"{facet}_{index}"], str(value) in selected)
            for index, (value, label, _, _) in enumerate(options)
            if totals[f"{facet}_{index}"] or str(value) in selected
        ]
    toggle_counts = {name: totals[name] for name in TOGGLES}
    chosen_pay = criteria.get("min_pay")
    pay_options = [
        FacetOption(
            amount,
            f"£{Decimal(amount):.2f} an hour or more",
            totals[f"pay_{index}"],
            chosen_pay is not None and Decimal(chosen_pay) == Decimal(amount),
        )
        for index, amount in enumerate(MIN_PAY_CHOICES)
    ]
    return facets, toggle_counts, pay_options, totals["total"]


def search_vacancies(
    criteria: dict, form, *, page_number: int = 1, page_size: int = PAGE_SIZE
) -> SearchResults:
    base, ranked, by_distance = base_queryset(criteria)
    queries = filter_queries(criteria)
    sort, ordering = _ordering(criteria.get("sort") or "", ranked=ranked, by_distance=by_distance)
    results = (
        base.filter(*queries.values())
        .select_related("organisation", "role", "local_authority")
        .defer(*LIST_DEFERRED)
        .order_by(*ordering)
    )
    # One scan counts every facet and the total; the paginator reuses the total. Counts are cached
    # briefly: the landing page and popular searches are asked for far more often than jobs change.
    key = (
        "jobs:facets:"
        + hashlib.sha256(json.dumps(criteria, sort_keys=True, default=str).encode()).hexdigest()
    )
    cached = cache.get(key)
    if cached is None:
        cached = facet_counts(base, queries, criteria, form)
        cache.set(key, cached, FACET_CACHE_SECONDS)
    facets, toggle_counts, pay_options, total = cached
    paginator = Paginator(results, page_size)
    paginator.count = total
    page = paginator.get_page(page_number)
    return SearchResults(
        page=page,
        total=total,
        facets=facets,
        toggle_counts=toggle_counts,
        min_pay_counts=pay_options,
        sort=sort,
        searched_by_distance=by_distance,
    )


def similar_vacancies(vacancy: Vacancy, *, limit: int = 4, miles: float = 15) -> list[Vacancy]:
    """Live jobs like this one: the same role (or setting) nearby, newest first, with distances.
    Walks the newest-first index and stops at `limit`, so it stays cheap at any volume."""
    like = Q(role_id=vacancy.role_id) if vacancy.role_id else Q(setting=vacancy.setting)
    queryset = (
        live_vacancies()
        .exclude(pk=vacancy.pk)
        .filter(like)
        .select_related("organisation", "role", "local_authority")
        .defer(*LIST_DEFERRED)
        .order_by("-published_at", "-pk")
    )
    if vacancy.latitude is not None and vacancy.longitude is not None:
        nearby = list(
            queryset.filter(bounding_box(vacancy.latitude, vacancy.longitude, miles)).annotate(
                distance=distance_expression(vacancy.latitude, vacancy.longitude)
            )[:limit]
        )
        if nearby:
            return nearby
    return list(queryset.annotate(distance=Value(None, output_field=FloatField()))[:limit])
