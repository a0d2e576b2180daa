"""Benchmark harness: `make bench`. Run on demand, never part of `make test`.

Seeds data on PostgreSQL, starts gunicorn on 127.0.0.1, drives it with wrk, measures a minimal
Django "ceiling" view of the same size in the same run, and times pages in-process (uncached
Python time and SQL query count per page type). Prints one table and writes JSON + markdown to
bench/results/. Other bench/*.py scripts (search, pipeline, routing, alerts) are run too and their
figures collected. See bench/README.md.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _server import DATABASE_URL, DB_NAME, PY, RESULTS, ROOT, free_port, manage, run, start_gunicorn, stop

CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
DURATION = os.environ.get("BENCH_DURATION", "4s")  # per round and target
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
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


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    match = re.match(r"([\d.]+)(us|ms|s)", text)
    return float(match.group(1)) * _UNITS[match.group(2)] if match else float("nan")


def wrk(url: str, wrk_bin: str, duration: str = DURATION) -> dict[str, float]:
    out = subprocess.run(
        [wrk_bin, f"-c{CONNECTIONS}", "-t2", f"-d{duration}", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50_ms": _ms(latency.get("50", "nan")),
        "p99_ms": _ms(latency.get("99", "nan")),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


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
        if script.name in {"run.py", "load.py"} or script.name.startswith("_"):  # load: make loadtest
            continue
        try:
            result = run([PY, str(script)], timeout=1800)
            outputs[script.stem] = result.stdout.strip()
        except subprocess.CalledProcessError as exc:
            outputs[script.stem] = f"FAILED: {exc.stderr.strip()[-300:]}"
        except subprocess.TimeoutExpired:
            outputs[script.stem] = "FAILED: timed out after 30 minutes"
    return outputs


def http_targets(pages: list[dict]) -> dict[str, str]:
    """The ceiling (a minimal view returning as many bytes as the home page) and the cached pages."""
    home_bytes = next((p["bytes"] for p in pages if p["page_type"] == "HomePage"), 20000)
    targets = {"ceiling": f"/__bench__/ceiling?bytes={home_bytes}", "home (cached anonymous)": "/"}
    landing = next((p for p in pages if p["page_type"] == "CampaignLandingPage"), None)
    if landing:
        targets["landing (cached anonymous)"] = landing["url"]
    return targets


def against_ceiling(base: str, targets: dict[str, str], wrk_bin: str) -> dict[str, dict]:
    """wrk on the ceiling and each page in turn, ROUNDS times, in a rotating order.

    Other people's work moves this machine's speed from one second to the next, so a page and the
    ceiling are measured seconds apart in every round and each round gives a ratio; the figures are
    medians over the rounds. Every target is warmed first (workers loaded, page in the cache)."""
    for path in targets.values():
        wrk(base + path, wrk_bin, duration="1s")
    rounds: dict[str, list[dict]] = {label: [] for label in targets}
    labels = list(targets)
    for n in range(ROUNDS):
        for label in labels[n % len(labels) :] + labels[: n % len(labels)]:
            rounds[label].append(wrk(base + targets[label], wrk_bin))
    results = {}
    for label, runs in rounds.items():
        ratios = [run["rps"] / ceiling["rps"] for run, ceiling in zip(runs, rounds["ceiling"], strict=True)]
        results[label] = {
            "rps": statistics.median(run["rps"] for run in runs),
            "p50_ms": statistics.median(run["p50_ms"] for run in runs),
            "p99_ms": statistics.median(run["p99_ms"] for run in runs),
            "non_2xx": sum(run["non_2xx"] for run in runs),
            "ratio_to_ceiling": round(statistics.median(ratios), 2),
            "ratio_range": [round(min(ratios), 2), round(max(ratios), 2)],
        }
    return results


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
        targets = http_targets(pages)
        if wrk_bin:
            report["http"] = against_ceiling(base, targets, wrk_bin)
        else:
            report["http"]["error"] = "wrk not installed (apt-get install wrk)"
        report["worker_rss_mb"] = round(worker_rss_mb(server), 1)
    finally:
        stop(server)
    report["in_process"] = in_process_ceiling(targets)

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
        f"## HTTP (wrk, {report['connections']} connections, medians of {ROUNDS} rounds of {DURATION})",
        "",
    ]
    lines += [
        "| target | req/s | p50 ms | p99 ms | non-2xx | ratio to ceiling (range) |",
        "|---|---|---|---|---|---|",
    ]
    for label, f in report["http"].items():
        if isinstance(f, dict):
            low, high = f["ratio_range"]
            lines.append(
                f"| {label} | {f['rps']:.0f} | {f['p50_ms']:.1f} | {f['p99_ms']:.1f} | {f['non_2xx']} | "
                f"{f['ratio_to_ceiling']} ({low}–{high}) |"
            )
    in_process = report.get("in_process", {})
    if in_process:
        ceiling = in_process["ceiling"]
        lines += ["", "In-process, through the middleware without server or network (ms per request):", ""]
        lines += [
            f"- {label}: {ms} ms ({ceiling / ms:.2f} of the ceiling)" for label, ms in in_process.items()
        ]
    lines += ["", f"Web worker resident memory: {report.get('worker_rss_mb', 0)} MB", ""]
    lines += ["## Pages, uncached, in-process (targets: ≤ 15 ms, ≤ 12 queries, 0 writes)", ""]
    lines += ["| page type | median ms | queries | writes | status |", "|---|---|---|---|---|"]
    for p in report["pages"]:
        lines.append(
            f"| {p['page_type']} | {p['median_ms']:.1f} | {p['queries']} | {p['writes']} | {p['status']} |"
        )
    for name, text in report.get("other", {}).items():
        lines += ["", f"## {name}", "", "```", text, "```"]
    return "\n".join(lines) + "\n"


def print_report(report: dict) -> None:
    print()
    print(markdown(report))


if __name__ == "__main__":
    sys.exit(main())
