"""Benchmark: instructions of Python per job search and per job page (callgrind), a figure other load
on a shared machine does not move (see bench/campaign_instructions.py).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ccne_bench python bench/search_instructions.py

Re-runs itself under valgrind (a few minutes). The searches are bench/search.py's (keyword,
postcode and radius, two filters; counts uncached), the job pages random live jobs; BENCH_WARM
(5) of each are served first, then BENCH_RUNS (40) counted. The database's own work (another
process) is not counted.
"""

from __future__ import annotations

import glob
import itertools
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "40"))
WARM = int(os.environ.get("BENCH_WARM", "5"))
TOGGLE = "starmap_next"  # collection is on inside itertools.starmap's next(): the loops below


def under_valgrind() -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ.setdefault("DEBUG", "false")
    import _setup  # noqa: F401  (Django ready)
    from search import FILTERS, KEYWORDS

    from django.core.cache import cache
    from django.test import Client

    from ats.models import Postcode
    from ats.services.vacancies import live_vacancies

    rng = random.Random(7)
    postcodes = list(Postcode.objects.exclude(latitude=None).values_list("postcode", flat=True)[:50000])
    searches = []
    for _ in range(WARM + RUNS):
        params = {
            "q": rng.choice(KEYWORDS),
            "postcode": rng.choice(postcodes),
            "radius": rng.choice(["5", "10", "15", "20"]),
        }
        for name, value in rng.sample(FILTERS, 2):
            params[name] = value
        searches.append(("/jobs/", params))
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
        list(itertools.starmap(get, requests[WARM:]))
        subprocess.run(["callgrind_control", "-d", name, str(os.getpid())], capture_output=True, check=False)


def main() -> int:
    if os.environ.get("_BENCH_UNDER_VALGRIND"):
        under_valgrind()
        return 0
    if not shutil.which("valgrind"):
        print("valgrind is not installed (Debian: apt-get install -y valgrind)")
        return 1
    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, "callgrind.out")
        subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                "--collect-atstart=no",
                f"--toggle-collect={TOGGLE}",
                f"--callgrind-out-file={out}.%p",
                sys.executable,
                __file__,
            ],
            env={**os.environ, "_BENCH_UNDER_VALGRIND": "1"},
            capture_output=True,
            check=True,
        )
        counts = {}
        for dump in glob.glob(f"{out}.*.*"):
            head = Path(dump).read_text()[:4000]
            name = re.search(r"Trigger: dump (\S+)", head).group(1)
            counts[name] = int(re.search(r"summary: (\d+)", head).group(1)) / RUNS / 1e6
    print(f"Million instructions of Python per request ({RUNS} requests each, {WARM} before them)")
    for name, millions in counts.items():
        print(f"{name:<10} {millions:7.1f} M")
    return 0


if __name__ == "__main__":
    sys.exit(main())
