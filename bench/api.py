"""The employers' API under load: `python bench/api.py [--keys 5] [--seconds 75] [--workers 2]`.
On demand only.

Target (issue 28): 100 requests a minute per key held under load. Serves the project with gunicorn
(production settings, PostgreSQL, Redis: `bench/_server.py`; the database BENCH_DB, default
ccne_bench, migrated first), makes one organisation and API key per `--keys`, then:

  paced keys    each sends exactly 100 requests a minute (one every 0.6 s) for `--seconds`: a mix
                of list (40%), read one (30%), create with an Idempotency-Key (10%), change (10%)
                and read applications (10%). Every one must be answered (no 429, no 5xx).
  greedy key    one more key sends as fast as one connection can: past 100 in a clock minute it
                must get 429 with Retry-After, and never more than 100 answered in any minute.

Prints p50/p95/max per operation and each key's counts; exits non-zero when the target is missed.
Writes JSON under bench/results/."""

from __future__ import annotations

import argparse
import collections
import json
import random
import sys
import threading
import time
import uuid

import requests
from _server import RESULTS, free_port, manage, start_gunicorn, stop
from _setup import percentile

MAKE_KEYS = """
from ats.api.keys import create_api_key
from ats.models import Organisation, Vacancy
from ats.jobs.vacancies import create_vacancy
keys = []
for n in range({n}):
    org, _ = Organisation.objects.get_or_create(
        slug=f"bench-api-{{n}}", defaults={{"name": f"Bench API employer {{n}}", "verified": True}}
    )
    if not org.vacancies.exists():
        create_vacancy(Vacancy(organisation=org, title="Care worker", setting="residential"))
    keys.append(create_api_key(org, name="bench", by=None)[1])
print("\\n".join(keys))
"""


def paced(base: str, key: str, seconds: float, out: dict) -> None:
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {key}"
    vacancies = session.get(f"{base}/vacancies", timeout=30).json()["items"]
    first = vacancies[0]["id"]
    start = time.monotonic()
    n = 0
    while (due := start + n * 0.6) < start + seconds:
        time.sleep(max(0.0, due - time.monotonic()))
        operation = random.choices(["list", "read", "create", "change", "applications"], [4, 3, 1, 1, 1])[0]
        began = time.perf_counter()
        if operation == "list":
            response = session.get(f"{base}/vacancies", timeout=30)
        elif operation == "read":
            response = session.get(f"{base}/vacancies/{first}", timeout=30)
        elif operation == "create":
            response = session.post(
                f"{base}/vacancies",
                json={"title": f"Support worker {n}", "setting": "supported_living"},
                headers={"Idempotency-Key": str(uuid.uuid4())},
                timeout=30,
            )
        elif operation == "change":
            response = session.patch(f"{base}/vacancies/{first}", json={"summary": f"Round {n}"}, timeout=30)
        else:
            response = session.get(f"{base}/vacancies/{first}/applications", timeout=30)
        out["millis"][operation].append((time.perf_counter() - began) * 1000)
        out["status"][response.status_code] += 1
        n += 1


def greedy(base: str, key: str, seconds: float, out: dict) -> None:
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {key}"
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        response = session.get(f"{base}/vacancies?limit=1", timeout=30)
        out["status"][response.status_code] += 1
        if response.status_code == 200:
            out["answered_by_minute"][int(time.time() // 60)] += 1
        elif response.status_code == 429:
            out["retry_after_ok"] = (
                out.get("retry_after_ok", True) and 1 <= int(response.headers["Retry-After"]) <= 60
            )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keys", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=75)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    manage("migrate", "--no-input")
    output = manage("shell", "-c", MAKE_KEYS.format(n=args.keys + 1)).split()
    keys = [word for word in output if word.startswith("ccne_")]
    port = free_port()
    server = start_gunicorn(port, options=("--workers", str(args.workers), "--threads", "4"))
    base = f"http://127.0.0.1:{port}/api/v1"
    results = [
        {"millis": collections.defaultdict(list), "status": collections.Counter()} for _ in range(args.keys)
    ]
    hungry = {"status": collections.Counter(), "answered_by_minute": collections.Counter()}
    try:
        threads = [
            threading.Thread(target=paced, args=(base, key, args.seconds, out))
            for key, out in zip(keys[:-1], results, strict=True)
        ]
        threads.append(threading.Thread(target=greedy, args=(base, keys[-1], args.seconds, hungry)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        stop(server)

    millis = collections.defaultdict(list)
    for out in results:
        for operation, values in out["millis"].items():
            millis[operation] += values
    for operation, values in sorted(millis.items()):
        print(
            f"{operation:<14} n={len(values):<5} p50={percentile(values, 50):7.1f} ms  "
            f"p95={percentile(values, 95):7.1f} ms  max={max(values):7.1f} ms"
        )
    paced_status = sum((out["status"] for out in results), collections.Counter())
    print(f"paced keys ({args.keys}, 100/min each): {dict(paced_status)}")
    print(
        f"greedy key: {dict(hungry['status'])}, answered per clock minute {dict(hungry['answered_by_minute'])}"
    )
    held = set(paced_status) <= {200, 201} and max(hungry["answered_by_minute"].values(), default=0) <= 100
    held = held and hungry["status"][429] > 0 and hungry.get("retry_after_ok", False)
    print("100 requests a minute per key:", "holds" if held else "MISSED")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "api.json").write_text(
        json.dumps(
            {
                "paced_status": paced_status,
                "greedy_status": hungry["status"],
                "greedy_answered_by_minute": {str(k): v for k, v in hungry["answered_by_minute"].items()},
                "p95_ms": {op: percentile(v, 95) for op, v in millis.items()},
                "held": held,
            },
            indent=2,
        )
    )
    return 0 if held else 1


if __name__ == "__main__":
    sys.exit(main())
