"""Benchmark: instructions per uncached campaign page (callgrind), a figure other load does not move.

Milliseconds differ between machines and between minutes on a shared one (the same code has
measured 14 ms and 41 ms for the home page on two of ours). Valgrind's callgrind counts the
instructions the Python process executes instead: the same for the same code and data wherever it
runs, so two versions of the code can be compared on any machine, even a busy one. The
database's own work (another process) is not counted, as the CPU figure of
bench/campaign_pages.py does not count it either.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ccne_bench python bench/campaign_instructions.py

BENCH_PAGES=HomePage,StoryPage measures only those page types.

Re-runs itself under valgrind (the Debian package; ~5 minutes), collecting only while requests
are served: each page is requested three times to warm it, then BENCH_RUNS (4) times with the
page cache purged before each, as bench/campaign_pages.py does.
"""

from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path

import _callgrind  # bench/ (this script's folder) is on the path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "4"))


def under_valgrind() -> None:
    """The child: serve the pages and ask callgrind to dump its counts after each one."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ.setdefault("DEBUG", "false")
    import _setup  # noqa: F401  (Django ready)
    import campaign_pages

    from django.core.cache import cache
    from django.test import Client

    from cms.page_cache import purge_page_cache

    cache.clear()
    client = Client()

    def get(url: str) -> None:
        purge_page_cache()
        response = client.get(url, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, f"{url} answered {response.status_code}"

    only = {name for name in os.environ.get("BENCH_PAGES", "").split(",") if name}
    for label, url in campaign_pages.pages().items():
        if only and label.split()[0] not in only:
            continue
        for _ in range(3):
            get(url)
        list(itertools.starmap(get, [(url,)] * RUNS))
        _callgrind.dump(label.split()[0])


def main() -> int:
    if _callgrind.in_child():
        under_valgrind()
        return 0
    counts = _callgrind.millions_per_request(__file__, RUNS)
    if counts is None:
        return 1
    print(f"Uncached campaign pages, million instructions of Python per request ({RUNS} requests each)")
    for page, millions in sorted(counts.items(), key=lambda item: -item[1]):
        print(f"{page:<22} {millions:7.1f} M")
    return 0


if __name__ == "__main__":
    sys.exit(main())
