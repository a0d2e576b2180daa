"""Benchmark: cached anonymous pages against a static file, served by the same gunicorn.

Budget (issue 23): a cached anonymous page answers at least 0.8x the requests per second of a
static file that WhiteNoise serves from the same gunicorn workers. The static file is the site's
stylesheet as the home page links it (what every visitor fetches next); the pages are the home page
and a campaign landing page (BENCH_LANDING, default seed_demo's /new-to-care/), each requested
two ways:
- "returning": a visitor who has been before (the campaign cookie from an earlier visit, which
  the page does not need to write again). The budget applies to these.
- "first visit": no cookie at all, so every response writes a new, signed campaign cookie (the
  first touch). Reported, not budgeted: a bus advert's spike is mostly these.

wrk drives each target in turn for BENCH_DURATION (3s), BENCH_ROUNDS (5) rounds, the order rotating
each round; each round gives a ratio to the static file measured seconds before or after, and the
figure is the median ratio (other load on a shared machine moves both alike).

    BENCH_DB=ccne_bench .venv/bin/python bench/cached_vs_static.py

Needs PostgreSQL, Redis (BENCH_REDIS_URL, default db 9) and wrk (apt-get install -y wrk). The
database (BENCH_DB or BENCH_DATABASE_URL, bench/_server.py) is migrated and given the demo site
(seed_demo) if it has none; `make bench` runs the same measurement on its own server.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _server import DB_NAME, free_port, manage, start_gunicorn, stop

BUDGET = 0.8
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
DURATION = os.environ.get("BENCH_DURATION", "3s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
HOST = "127.0.0.1"
LANDING = os.environ.get("BENCH_LANDING", "/new-to-care/")  # a campaign landing page of seed_demo


def _get(url: str, cookie: str = "") -> tuple[int, dict[str, str], str, list[str]]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read().decode("utf-8", "replace")
        return response.status, dict(response.headers), body, response.headers.get_all("Set-Cookie") or []


def targets(base: str) -> dict[str, tuple[str, str]]:
    """{label: (path, Cookie header)}: the static file, and each page as returning and first visitor."""
    _, _, home, cookies = _get(base + "/")
    stylesheet = re.search(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', home) or re.search(
        r'href="([^"]+\.css)"', home
    )
    assert stylesheet, "no stylesheet link on the home page"
    campaign_cookie = next(c.split(";", 1)[0] for c in cookies if c.startswith("ccne_attr="))
    found = {"static file (stylesheet)": (stylesheet.group(1), "")}
    pages = {"home": "/", "landing": LANDING}
    for name, path in pages.items():
        found[f"{name}, returning"] = (path, campaign_cookie)
        found[f"{name}, first visit"] = (path, "")
    for label, (path, cookie) in found.items():  # warm: workers loaded, pages stored
        for _ in range(3):
            status, headers, _, set_cookies = _get(base + path, cookie)
        assert status == 200, f"{label}: {path} answered {status}"
        if label != "static file (stylesheet)":
            assert headers.get("X-Page-Cache") == "hit", f"{label}: {path} is not served from the page cache"
            wrote = any(c.startswith("ccne_attr=") for c in set_cookies)
            assert wrote == label.endswith("first visit"), f"{label}: campaign cookie written: {wrote}"
    return found


def wrk(url: str, cookie: str, duration: str = DURATION) -> float:
    args = ["wrk", f"-c{CONNECTIONS}", "-t2", f"-d{duration}", url]
    if cookie:
        args[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    assert not errors, f"{url}: {errors.group(0)}"
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def measure(base: str) -> dict[str, dict]:
    """{label: {rps, ratio, ratio_range}}, medians over ROUNDS interleaved rounds."""
    found = targets(base)
    labels = list(found)
    rounds: dict[str, list[float]] = {label: [] for label in labels}
    for n in range(ROUNDS):
        for label in labels[n % len(labels) :] + labels[: n % len(labels)]:
            path, cookie = found[label]
            rounds[label].append(wrk(base + path, cookie))
    static = rounds[labels[0]]
    results = {}
    for label, runs in rounds.items():
        ratios = [rps / base_rps for rps, base_rps in zip(runs, static, strict=True)]
        results[label] = {
            "path": found[label][0],
            "rps": round(statistics.median(runs)),
            "ratio": round(statistics.median(ratios), 2),
            "ratio_range": [round(min(ratios), 2), round(max(ratios), 2)],
        }
    return results


def budget_holds(results: dict[str, dict]) -> bool:
    returning = [r["ratio"] for label, r in results.items() if label.endswith("returning")]
    return bool(returning) and min(returning) >= BUDGET


def print_results(results: dict[str, dict]) -> None:
    print(f"Cached pages against a static file (wrk -c{CONNECTIONS}, {ROUNDS} rounds of {DURATION})")
    print(f"{'target':<28} {'req/s':>7}  {'x static (range)':<18} path")
    for label, r in results.items():
        low, high = r["ratio_range"]
        print(f"{label:<28} {r['rps']:>7}  {r['ratio']:<5} ({low}-{high})   {r['path']}")
    worst = min(r["ratio"] for label, r in results.items() if label.endswith("returning"))
    verdict = "holds" if budget_holds(results) else "MISSED"
    print(f"Budget: cached anonymous page >= {BUDGET}x a static file: {worst}x, {verdict}")


def prepare() -> None:
    subprocess.run(["createdb", "-h", HOST, "-U", "postgres", DB_NAME], capture_output=True, check=False)
    manage("migrate", "--noinput")
    manage("seed_demo")
    manage("collectstatic", "--noinput", "--verbosity", "0")


def main() -> int:
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install -y wrk)")
        return 1
    prepare()
    port = free_port()
    server = start_gunicorn(port, options=("--workers", "2"))
    try:
        results = measure(f"http://{HOST}:{port}")
    finally:
        stop(server)
    print_results(results)
    return 0 if budget_holds(results) else 1


if __name__ == "__main__":
    sys.exit(main())
