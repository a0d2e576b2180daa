"""Benchmark: instructions of Python per job search and per job page (callgrind), a figure other load
on a shared machine does not move (see bench/campaign_instructions.py).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ccne_bench python bench/search_instructions.py

Re-runs itself under valgrind (a few minutes). The searches are bench/search.py's (keyword,
postcode and radius, two filters; counts uncached), the job pages random live jobs; BENCH_WARM
(5) of each are served first, then BENCH_RUNS (40) counted. The database's own work (another
process) is not counted. It starts up as a web worker does (`cms.wsgi`: start-up frozen) and
collects before each group: without, a full collection of the start-up's objects fell in one group
or the other and moved its figure by some 20 M.
"""

from __future__ import annotations

import gc
import itertools
import os
import random
import sys
from pathlib import Path

import _callgrind  # bench/ (this script's folder) is on the path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "40"))
WARM = int(os.environ.get("BENCH_WARM", "5"))


def under_valgrind() -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ.setdefault("DEBUG", "false")
    import _setup  # noqa: F401  (Django ready)
    from search import random_search

    from django.core.cache import cache
    from django.test import Client

    import cms.wsgi  # noqa: F401  (start up as a web worker does: what start-up made is frozen)
    from ats.jobs.vacancies import live_vacancies
    from ats.models import Postcode

    rng = random.Random(7)
    postcodes = list(Postcode.objects.exclude(latitude=None).values_list("postcode", flat=True)[:50000])
    searches = [("/jobs/", random_search(rng, postcodes)) for _ in range(WARM + RUNS)]
    slugs = list(live_vacancies().order_by("pk").values_list("slug", flat=True))
    jobs = [(f"/jobs/{slug}/", {}) for slug in random.Random(7).sample(slugs, WARM + RUNS)]
    cache.clear()
    client = Client(HTTP_HOST="localhost")

    def get(path: str, params: dict) -> None:
        response = client.get(path, params)
        assert response.status_code == 200, f"{path} answered {response.status_code}"

    for name, requests in [("search", searches), ("job_page", jobs)]:
        for request in requests[:WARM]:
            get(*request)
        gc.collect()  # a full collection counted in neither group
        list(itertools.starmap(get, requests[WARM:]))
        _callgrind.dump(name)


def main() -> int:
    if _callgrind.in_child():
        under_valgrind()
        return 0
    counts = _callgrind.millions_per_request(__file__, RUNS)
    if counts is None:
        return 1
    print(f"Million instructions of Python per request ({RUNS} requests each, {WARM} before them)")
    for name, millions in counts.items():
        print(f"{name:<10} {millions:7.1f} M")
    return 0


if __name__ == "__main__":
    sys.exit(main())
