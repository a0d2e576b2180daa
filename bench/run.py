"""Benchmark harness: `make bench`. Run on demand, never part of `make test`.

Seeds data on PostgreSQL, times pages in-process (uncached Python time and SQL query count per
page type), starts gunicorn on 127.0.0.1 and drives it with wrk (cached pages against a static file,
bench/cached_vs_static.py), runs the other bench/*.py scripts and collects their figures, then
prints the budgets of issue 23 and whether each holds. Writes JSON + markdown to bench/results/.
See bench/README.md.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cached_vs_static
from _server import DATABASE_URL, DB_NAME, PY, RESULTS, ROOT, free_port, manage, run, start_gunicorn, stop

CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
# Issue 23's budgets: every campaign page type uncached, and cached pages against a static file.
MAX_PAGE_MILLION_INSTRUCTIONS = 75
MAX_PAGE_QUERIES = 12
SEARCH_P95_MS, JOB_PAGE_P95_MS = 100, 30
SCALE_VACANCIES = os.environ.get("BENCH_VACANCIES", "50000")
SCALE_ORGS = os.environ.get("BENCH_ORGANISATIONS", "10000")


def ensure_wrk() -> str | None:
    if shutil.which("wrk"):
        return "wrk"
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], capture_output=True)
    return shutil.which("wrk")


def prepare_database() -> None:
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DB_NAME], capture_output=True)
    manage("migrate", "--noinput")
    manage("seed_demo")
    try:
        manage("seed_scale", "--vacancies", SCALE_VACANCIES, "--organisations", SCALE_ORGS)
    except subprocess.CalledProcessError as exc:
        print(f"(seed_scale not available or failed: {exc.stderr.strip()[-200:]})")
    manage("collectstatic", "--noinput", "--verbosity", "0")


def worker_rss_mb(master: subprocess.Popen) -> float:
    children = subprocess.run(["pgrep", "-P", str(master.pid)], capture_output=True, text=True).stdout.split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        if match:
            sizes.append(int(match.group(1)) / 1024)
    return max(sizes) if sizes else 0.0


def in_process_pages() -> list[dict]:
    """Python time and SQL queries per page type with the page cache missing, via Django's test
    client (bench/campaign_pages.py measures the same with CPU time and every page of each type)."""
    code = r"""
import json, statistics, time
import django
django.setup()
from django.db import connection
from django.test import Client
from cms.page_cache import purge_page_cache
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
rows = []
seen = set()
for page in Page.objects.live().public().filter(depth__gt=1).specific().order_by("depth", "path"):
    kind = type(page).__name__
    if kind in seen:
        continue
    seen.add(kind)
    url = page.get_url()
    if not url:
        continue
    client = Client()
    client.get(url, HTTP_HOST="127.0.0.1")  # site chrome and settings cached, as between publishes
    times = []
    queries = 0
    for _ in range(7):
        purge_page_cache()  # "uncached" = the page cache misses (issue 3), not every cache cold
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url, HTTP_HOST="127.0.0.1")
            times.append((time.perf_counter() - start) * 1000)
        queries = len(ctx.captured_queries)
        writes = sum(1 for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")))
    rows.append({"page_type": kind, "url": url, "status": response.status_code, "median_ms": statistics.median(times[2:]), "queries": queries, "writes": writes, "bytes": len(response.content)})
print(json.dumps(rows))
"""
    out = run([PY, "-c", code]).stdout.strip().splitlines()[-1]
    return json.loads(out)


def other_benchmarks() -> dict[str, str]:
    """Run the other bench/*.py scripts (search, pipeline, routing, alerts) and keep their output."""
    outputs = {}
    for script in sorted((ROOT / "bench").glob("*.py")):
        # load: make loadtest; cached_vs_static: measured on this harness's own server (main)
        if script.name in {"run.py", "load.py", "cached_vs_static.py"} or script.name.startswith("_"):
            continue
        try:
            result = run([PY, str(script)], timeout=1800)
            outputs[script.stem] = result.stdout.strip()
        except subprocess.CalledProcessError as exc:
            outputs[script.stem] = f"FAILED: {exc.stderr.strip()[-300:]}"
        except subprocess.TimeoutExpired:
            outputs[script.stem] = "FAILED: timed out after 30 minutes"
    return outputs


def in_process_targets(pages: list[dict]) -> dict[str, str]:
    """The ceiling (a minimal view returning as many bytes as the home page) and the cached pages."""
    home_bytes = next((p["bytes"] for p in pages if p["page_type"] == "HomePage"), 20000)
    targets = {"ceiling": f"/__bench__/ceiling?bytes={home_bytes}", "home (cached anonymous)": "/"}
    landing = next((p for p in pages if p["page_type"] == "CampaignLandingPage"), None)
    if landing:
        targets["landing (cached anonymous)"] = landing["url"]
    return targets


def in_process_ceiling(targets: dict[str, str]) -> dict[str, float]:
    """Milliseconds per request through Django's request handler and middleware, without the server
    or the network: the ceiling view against each cached page, interleaved, median of 7 rounds."""
    code = f"""
import json, statistics, time
import django
django.setup()
from django.test import Client
targets = {targets!r}
client = Client(HTTP_HOST="127.0.0.1")
for path in targets.values():
    assert client.get(path).status_code == 200, path
times = {{label: [] for label in targets}}
for _ in range(7):
    for label, path in targets.items():
        start = time.perf_counter()
        for _ in range(200):
            client.get(path)
        times[label].append((time.perf_counter() - start) * 1000 / 200)
print(json.dumps({{label: round(statistics.median(t), 3) for label, t in times.items()}}))
"""
    return json.loads(run([PY, "-c", code]).stdout.strip().splitlines()[-1])


def main() -> int:
    RESULTS.mkdir(parents=True, exist_ok=True)
    wrk_bin = ensure_wrk()
    print(f"Preparing {DATABASE_URL} (seed_demo + seed_scale {SCALE_VACANCIES} vacancies)...")
    prepare_database()
    pages = in_process_pages()
    report: dict = {
        "when": datetime.now(UTC).isoformat(),
        "connections": CONNECTIONS,
        "pages": pages,
        "http": {},
    }

    port = free_port()
    server = start_gunicorn(port, options=("--workers", "2"))
    try:
        base = f"http://127.0.0.1:{port}"
        if wrk_bin:
            report["http"] = cached_vs_static.measure(base)
        else:
            report["http"]["error"] = "wrk not installed (apt-get install wrk)"
        report["worker_rss_mb"] = round(worker_rss_mb(server), 1)
    finally:
        stop(server)
    report["in_process"] = in_process_ceiling(in_process_targets(pages))

    report["other"] = other_benchmarks()
    print_report(report)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"bench-{stamp}.json").write_text(json.dumps(report, indent=2))
    (RESULTS / f"bench-{stamp}.md").write_text(markdown(report))
    print(f"\nWritten to bench/results/bench-{stamp}.json and .md")
    return 0


def markdown(report: dict) -> str:
    lines = ["# Benchmark " + report["when"], ""]
    lines += [
        f"## Cached pages against a static file (wrk, {report['connections']} connections, "
        f"medians of {cached_vs_static.ROUNDS} interleaved rounds of {cached_vs_static.DURATION})",
        "",
        "| target | req/s | x static file (range) | path |",
        "|---|---|---|---|",
    ]
    for label, f in report["http"].items():
        if isinstance(f, dict):
            low, high = f["ratio_range"]
            lines.append(f"| {label} | {f['rps']} | {f['ratio']} ({low}–{high}) | `{f['path']}` |")
        else:
            lines.append(f"- {label}: {f}")
    in_process = report.get("in_process", {})
    if in_process:
        ceiling = in_process["ceiling"]
        lines += ["", "In-process, through the middleware without server or network (ms per request):", ""]
        lines += [
            f"- {label}: {ms} ms ({ceiling / ms:.2f} of the ceiling)" for label, ms in in_process.items()
        ]
    lines += ["", f"Web worker resident memory: {report.get('worker_rss_mb', 0)} MB", ""]
    lines += ["## Pages, uncached, in-process (≤ 12 queries, 0 writes)", ""]
    lines += ["| page type | median ms | queries | writes | status |", "|---|---|---|---|---|"]
    for p in report["pages"]:
        lines.append(
            f"| {p['page_type']} | {p['median_ms']:.1f} | {p['queries']} | {p['writes']} | {p['status']} |"
        )
    for name, text in report.get("other", {}).items():
        lines += ["", f"## {name}", "", "```", text, "```"]
    lines += ["", "## Budgets (issue 23)", ""]
    lines += [f"- {line}" for line in budgets(report)]
    return "\n".join(lines) + "\n"


def _verdict(holds: bool | None) -> str:
    return "not measured" if holds is None else ("holds" if holds else "MISSED")


def budgets(report: dict) -> list[str]:
    """One line per budget: what was measured against it and whether it holds."""
    other = report.get("other", {})
    instructions = {
        name: float(m)
        for name, m in re.findall(r"^(\w+Page)\s+([\d.]+) M$", other.get("campaign_instructions", ""), re.M)
    }
    worst_page = max(instructions.items(), key=lambda item: item[1], default=None)
    worst_queries = max(report["pages"], key=lambda p: p["queries"], default=None)
    http = {label: f for label, f in report["http"].items() if isinstance(f, dict)}
    returning = [f["ratio"] for label, f in http.items() if label.endswith("returning")]
    p95 = dict(
        re.findall(
            r"^(search: keyword[^\n]*?|job page)\s+n=\d+\s+p50=[\s\d.]+ms\s+p95=\s*([\d.]+) ms",
            other.get("search", ""),
            re.M,
        )
    )
    search_p95 = next((float(v) for k, v in p95.items() if k.startswith("search")), None)
    job_p95 = next((float(v) for k, v in p95.items() if k == "job page"), None)
    return [
        f"every campaign page type uncached <= {MAX_PAGE_MILLION_INSTRUCTIONS} M instructions: "
        + (f"worst {worst_page[0]} {worst_page[1]:.1f} M, " if worst_page else "")
        + _verdict(worst_page[1] <= MAX_PAGE_MILLION_INSTRUCTIONS if worst_page else None),
        f"every campaign page type uncached <= {MAX_PAGE_QUERIES} queries: "
        + (f"worst {worst_queries['page_type']} {worst_queries['queries']}, " if worst_queries else "")
        + _verdict(worst_queries["queries"] <= MAX_PAGE_QUERIES if worst_queries else None),
        f"cached anonymous pages >= {cached_vs_static.BUDGET}x a static file's requests/s: "
        + (f"worst {min(returning)}x, " if returning else "")
        + _verdict(cached_vs_static.budget_holds(http) if returning else None),
        f"job search p95 < {SEARCH_P95_MS} ms at {SCALE_VACANCIES} jobs: "
        + (f"{search_p95} ms, " if search_p95 is not None else "")
        + _verdict(search_p95 < SEARCH_P95_MS if search_p95 is not None else None),
        f"job page p95 < {JOB_PAGE_P95_MS} ms: "
        + (f"{job_p95} ms, " if job_p95 is not None else "")
        + _verdict(job_p95 < JOB_PAGE_P95_MS if job_p95 is not None else None),
    ]


def print_report(report: dict) -> None:
    print()
    print(markdown(report))


if __name__ == "__main__":
    sys.exit(main())
