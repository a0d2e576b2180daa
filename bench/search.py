"""Job search and job page timings through the full Django stack (views, templates, SQL).

    python bench/search.py [--runs 200] [--job-page]

Targets on PostgreSQL with seed_scale data: keyword + postcode/radius + two filters p95 < 100 ms;
job page p95 < 30 ms; the same number of queries whatever the page size."""

import argparse
import gc
import random
import re
import time
from pathlib import Path

from _setup import report

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ats.jobs.vacancies import live_vacancies
from ats.models import Postcode, Vacancy

KEYWORDS = ["care", "support worker", "nurse", "home care", "senior", "nights", "dementia", "assistant"]
FILTERS = [
    ("new_to_care", "on"), ("no_driving", "on"), ("contract", "permanent"), ("pattern", "part_time"),
    ("setting", "residential"), ("setting", "home_care"), ("min_pay", "12.50"), ("kind", "provider"),
]  # fmt: skip


def backend_cpu_ms() -> float:
    """CPU time of this connection's PostgreSQL backend so far (0 when it cannot be read): with the
    Python process's own CPU time, a figure the neighbours on a shared machine barely move."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e6
    except OSError:  # the database is on another machine
        return 0.0


FULL_COLLECTIONS: list[float] = []  # milliseconds of each generation-2 garbage collection
_gc_started = [0.0]


def time_full_collections(phase: str, info: dict) -> None:
    if info["generation"] != 2:
        return
    if phase == "start":
        _gc_started[0] = time.perf_counter()
    else:
        FULL_COLLECTIONS.append((time.perf_counter() - _gc_started[0]) * 1000)


def print_full_collections() -> None:
    longest = f", longest {max(FULL_COLLECTIONS):.1f} ms" if FULL_COLLECTIONS else ""
    print(f"{'':<42} full garbage collections: {len(FULL_COLLECTIONS)}{longest}")
    FULL_COLLECTIONS.clear()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--job-page", action="store_true", help="time only the job page")
    parser.add_argument(
        "--no-gc-freeze",
        action="store_true",
        help="start up without cms.wsgi's gc.freeze() (as before session 7)",
    )
    args = parser.parse_args()
    if not args.no_gc_freeze:
        import cms.wsgi  # noqa: F401  (start up as a web worker does: what start-up made is frozen)
    gc.callbacks.append(time_full_collections)
    rng = random.Random(7)
    client = Client(HTTP_HOST="localhost")  # allowed in dev and in the harness's production settings
    print(f"database: {connection.vendor}, live vacancies: {live_vacancies().count():,}")
    postcodes = list(Postcode.objects.exclude(latitude=None).values_list("postcode", flat=True)[:50000])
    if not postcodes:
        raise SystemExit("Load reference data and run manage.py seed_scale first.")
    # Clear, then warm up: the site chrome is cached again before the first timed search, so the
    # query counts are a search's own (the facet counts of the timed searches start uncached).
    cache.clear()
    client.get("/jobs/")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # no work hidden in parallel workers' CPU time
            cursor.execute("SET max_parallel_workers_per_gather = 0")

    if not args.job_page:
        time_search(client, rng, postcodes, args.runs)
    time_job_page(client, args.runs)
    print(f"vacancies in the table: {Vacancy.objects.count():,}")


def random_search(rng: random.Random, postcodes: list[str]) -> dict:
    """The benchmark's search: a keyword, a postcode and radius, and two filters."""
    params = {
        "q": rng.choice(KEYWORDS),
        "postcode": rng.choice(postcodes),
        "radius": rng.choice(["5", "10", "15", "20"]),
    }
    for name, value in rng.sample(FILTERS, 2):
        params[name] = value
    return params


def time_search(client: Client, rng: random.Random, postcodes: list[str], runs: int) -> None:
    timings: list[float] = []
    cpu: list[float] = []
    python_cpu_ms: list[float] = []
    database_cpu_ms: list[float] = []
    queries: list[int] = []
    totals: list[int] = []
    FULL_COLLECTIONS.clear()
    for _ in range(runs):
        params = random_search(rng, postcodes)
        backend_start = backend_cpu_ms()
        with CaptureQueriesContext(connection) as captured:
            start, cpu_start = time.perf_counter(), time.process_time()
            response = client.get("/jobs/", params)
            timings.append((time.perf_counter() - start) * 1000)
            python_cpu = (time.process_time() - cpu_start) * 1000
        python_cpu_ms.append(python_cpu)
        database_cpu_ms.append(backend_cpu_ms() - backend_start)
        cpu.append(python_cpu + database_cpu_ms[-1])
        assert response.status_code == 200
        queries.append(len(captured))
        found = re.search(r'results-summary__count">([\d,]+) job', response.content.decode())
        totals.append(int(found.group(1).replace(",", "")) if found else 0)
    report("search: keyword + postcode/radius + 2 filters", timings)
    report("  CPU (Python + database backend)", cpu)
    report("  CPU, Python", python_cpu_ms)
    report("  CPU, database backend", database_cpu_ms)
    print(
        f"{'':<42} queries per search: min {min(queries)}, max {max(queries)}; results median {sorted(totals)[len(totals) // 2]}"
    )
    print_full_collections()

    timings = []
    for sort in ["newest", "pay", "closing"]:
        for page in ["1", "50"]:
            start = time.perf_counter()
            client.get("/jobs/", {"sort": sort, "page": page})
            timings.append((time.perf_counter() - start) * 1000)
    report("search: no criteria, sorts and deep pages", timings)


def time_job_page(client: Client, runs: int) -> None:
    slugs = list(live_vacancies().order_by("?").values_list("slug", flat=True)[: runs + 1])
    client.get(f"/jobs/{slugs.pop()}/")  # warm up (templates, the search page)
    timings: list[float] = []
    cpu: list[float] = []
    queries: list[int] = []
    FULL_COLLECTIONS.clear()
    for slug in slugs:
        backend_start = backend_cpu_ms()
        with CaptureQueriesContext(connection) as captured:
            start, cpu_start = time.perf_counter(), time.process_time()
            response = client.get(f"/jobs/{slug}/")
            timings.append((time.perf_counter() - start) * 1000)
            python_cpu = (time.process_time() - cpu_start) * 1000
        cpu.append(python_cpu + backend_cpu_ms() - backend_start)
        assert response.status_code == 200
        queries.append(len(captured))
    report("job page", timings)
    report("  CPU (Python + database backend)", cpu)
    print(f"{'':<42} queries per job page: min {min(queries)}, max {max(queries)}")
    print_full_collections()


if __name__ == "__main__":
    main()
