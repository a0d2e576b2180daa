"""Job search: keyword, distance, filters with counts, sorts. A fixed number of queries per search.

Keyword: PostgreSQL full text (websearch syntax, weighted vector, ranked); on SQLite every word must
appear in the title, summary or search text. Distance: a bounding box on the indexed latitude and
longitude columns, then the exact haversine distance in SQL, so results can be sorted by it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, CharField, Count, F, FloatField, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt

from ats.forms.search import HOURS_CHOICES, KIND_CHOICES, MIN_PAY_CHOICES
from ats.models import Organisation, Vacancy
from ats.services.postcodes import EARTH_RADIUS_MILES
from ats.services.vacancies import live_vacancies

PAGE_SIZE = 20
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
    newest = [F("published_at").desc(nulls_last=True), "-pk"]
    orders = {
        "relevance": [F("rank").desc(), *([F("distance").asc()] if by_distance else []), *newest],
        "distance": [F("distance").asc(), *newest],
        "newest": newest,
        "pay": [F("hourly_pay_max").desc(nulls_last=True), *newest],
        "closing": [F("closing_date").asc(nulls_last=True), *newest],
    }
    return sort, orders[sort]


def _group_counts(queryset: QuerySet, field_name: str) -> dict:
    return {
        row[field_name]: row["n"]
        for row in queryset.order_by().values(field_name).annotate(n=Count("pk"))
        if row[field_name] is not None
    }


def facet_counts(base: QuerySet, queries: dict[str, Q], criteria: dict, form) -> tuple[dict, dict, list]:
    def without(*names: str) -> QuerySet:
        return base.filter(*[q for key, q in queries.items() if key not in names])

    def options(choices, counts, selected) -> list[FacetOption]:
        return [
            FacetOption(str(value), label, counts.get(value, 0), str(value) in selected)
            for value, label in choices
            if counts.get(value, 0) or str(value) in selected
        ]

    facets: dict[str, list[FacetOption]] = {}
    role_counts = _group_counts(without("role"), "role_id")
    facets["role"] = options(
        [(r.slug, r.name) for r in form.roles],
        {r.slug: role_counts.get(r.pk, 0) for r in form.roles},
        criteria.get("role", []),
    )
    for name, choices in [
        ("setting", Vacancy.Setting.choices),
        ("contract", Vacancy.Contract.choices),
        ("pattern", Vacancy.Pattern.choices),
    ]:
        facets[name] = options(choices, _group_counts(without(name), name), criteria.get(name, []))
    bucket = Case(
        *[When(q, then=Value(key)) for key, q in HOURS_Q.items()],
        default=Value(None),
        output_field=CharField(),
    )
    hours_counts = _group_counts(without("hours").annotate(bucket=bucket), "bucket")
    facets["hours"] = options(HOURS_CHOICES, hours_counts, criteria.get("hours", []))
    kind_counts = _group_counts(without("kind"), "organisation__kind")
    facets["kind"] = options(KIND_CHOICES, kind_counts, criteria.get("kind", []))
    area_counts = _group_counts(without("area"), "local_authority_id")
    facets["area"] = options(
        [(a.slug, a.name) for a in form.areas],
        {a.slug: area_counts.get(a.pk, 0) for a in form.areas},
        criteria.get("area", []),
    )
    # Toggles and minimum pay in one query: each count applies every other chosen toggle.
    toggle_names = [*TOGGLES, "min_pay"]
    others = without(*toggle_names)
    chosen = {name: queries[name] for name in toggle_names if name in queries}
    aggregates = {}
    for name, query in TOGGLES.items():
        rest = [q for key, q in chosen.items() if key != name]
        aggregates[name] = Count("pk", filter=Q(query, *rest))
    rest_for_pay = [q for key, q in chosen.items() if key != "min_pay"]
    for index, amount in enumerate(MIN_PAY_CHOICES):
        aggregates[f"pay_{index}"] = Count(
            "pk", filter=Q(Q(hourly_pay_max__gte=Decimal(amount)), *rest_for_pay)
        )
    totals = others.order_by().aggregate(**aggregates)
    toggle_counts = {name: totals[name] for name in TOGGLES}
    selected_pay = str(criteria.get("min_pay") or "")
    pay_options = [
        FacetOption(
            amount,
            f"£{Decimal(amount):.2f} an hour or more",
            totals[f"pay_{index}"],
            selected_pay == amount or (bool(selected_pay) and Decimal(selected_pay) == Decimal(amount)),
        )
        for index, amount in enumerate(MIN_PAY_CHOICES)
    ]
    return facets, toggle_counts, pay_options


def search_vacancies(
    criteria: dict, form, *, page_number: int = 1, page_size: int = PAGE_SIZE
) -> SearchResults:
    base, ranked, by_distance = base_queryset(criteria)
    queries = filter_queries(criteria)
    sort, ordering = _ordering(criteria.get("sort") or "", ranked=ranked, by_distance=by_distance)
    results = (
        base.filter(*queries.values())
        .select_related("organisation", "role", "local_authority")
        .prefetch_related("locations")
        .order_by(*ordering)
    )
    paginator = Paginator(results, page_size)
    page = paginator.get_page(page_number)
    facets, toggle_counts, pay_options = facet_counts(base, queries, criteria, form)
    return SearchResults(
        page=page,
        total=paginator.count,
        facets=facets,
        toggle_counts=toggle_counts,
        min_pay_counts=pay_options,
        sort=sort,
        searched_by_distance=by_distance,
    )


def similar_vacancies(vacancy: Vacancy, *, limit: int = 4) -> list[Vacancy]:
    """Live jobs like this one: same role or setting, nearest first when we know where it is."""
    queryset = (
        live_vacancies()
        .exclude(pk=vacancy.pk)
        .filter(Q(role_id=vacancy.role_id) | Q(setting=vacancy.setting))
        .select_related("organisation", "role", "local_authority")
    )
    if vacancy.latitude is not None and vacancy.longitude is not None:
        queryset = (
            queryset.filter(bounding_box(vacancy.latitude, vacancy.longitude, 30))
            .annotate(distance=distance_expression(vacancy.latitude, vacancy.longitude))
            .order_by("distance", "-published_at")
        )
    else:
        queryset = queryset.order_by("-published_at")
    return list(queryset[:limit])
