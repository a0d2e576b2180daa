"""Job search: keyword, distance, filters with counts, sorts. A fixed number of queries per search.
The parts: search_terms (choices and shapes), distance, search_filters and facets (querysets), and
search_sql (the counting statement on PostgreSQL)."""

from __future__ import annotations

import hashlib
import json

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q, QuerySet

from ats.jobs import search_sql
from ats.jobs.distance import bounding_box, distance_from, within
from ats.jobs.facets import facet_counts, facet_rows, pay_thresholds
from ats.jobs.models import Vacancy
from ats.jobs.search_filters import SortKey, _ordering, base_queryset, filter_queries, order_by, place_of
from ats.jobs.search_terms import CARD_FIELDS, FACET_CACHE_SECONDS, PAGE_SIZE, SearchResults
from ats.jobs.vacancies import live_vacancies


def search_vacancies(
    criteria: dict, form, *, page_number: int = 1, page_size: int = PAGE_SIZE
) -> SearchResults:
    unplaced, ranked, by_distance = base_queryset(criteria, placed=False)
    place = place_of(criteria)
    queries = filter_queries(criteria)
    sort, ordering = _ordering(criteria.get("sort") or "", ranked=ranked, by_distance=by_distance)

    def matching() -> QuerySet:  # (built only when asked for: on PostgreSQL most searches never need it)
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
        if connection.vendor == "postgresql":
            # Sorted by rank or distance, the page comes from the same statement; otherwise its sort
            # index reads the page directly, cheaper than sorting every match.
            wanted = (ordering, (page_number - 1) * page_size, page_size) if ranked or by_distance else None
            groups, filters, ids = search_sql.facet_rows(criteria, pay_thresholds(criteria), wanted)
        else:
            groups, filters = facet_rows(matching(), queries, criteria), list(queries)
        cached = facet_counts(groups, filters, criteria, form)
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
        passing = matching().filter(*queries.values())
        page.object_list = page_of(passing, ordering, (page.number - 1) * page_size, page_size)
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


def page_rows(ids: list[int]) -> list[Vacancy]:
    """The jobs with these ids, still live, with what a result card shows (in no particular order)."""
    if not ids:  # (the ORM asks no query for an empty IN either)
        return []
    return list(list_rows(live_vacancies().filter(pk__in=ids)))


def page_of(matching: QuerySet, ordering: list[SortKey], offset: int, size: int) -> QuerySet:
    """One page of jobs in one statement: the database sorts only the matching ids and sort keys
    (narrow rows, a top-N sort however many match), then loads whole rows for the page's ids."""
    ids = matching.order_by(*order_by(ordering)).values("pk")[offset : offset + size]
    return list_rows(matching.filter(pk__in=ids)).order_by(*order_by(ordering))


SIMILAR = 4


def similar_vacancies(vacancy: Vacancy, *, miles: float = 15) -> list[Vacancy]:
    """Live jobs like this one: the same role (or setting) nearby, newest first, with distances.
    Walks the newest-first index and stops at SIMILAR, so it stays cheap at any volume. Each job
    loads only what its card shows (CARD_FIELDS); the distance is measured here, not in SQL."""
    like = Q(role_id=vacancy.role_id) if vacancy.role_id else Q(setting=vacancy.setting)
    queryset = (
        live_vacancies()
        .exclude(pk=vacancy.pk)
        .filter(like)
        .select_related("organisation", "local_authority")
        .only(*CARD_FIELDS)
        .order_by("-published_at", "-pk")
    )
    latitude, longitude = vacancy.latitude, vacancy.longitude
    if latitude is not None and longitude is not None:
        nearby = list(queryset.filter(bounding_box(latitude, longitude, miles))[:SIMILAR])
        if nearby:
            for job in nearby:
                job.distance = distance_from(latitude, longitude, job.latitude, job.longitude)
            return nearby
    jobs = list(queryset[:SIMILAR])
    for job in jobs:
        job.distance = None
    return jobs
