"""Load test: `make loadtest` (or `python bench/load.py --users 50 --duration 300`). On demand only.

Serves the project with gunicorn (production settings, PostgreSQL, Redis cache and broker) on
127.0.0.1 and runs N virtual users for a fixed time. Each user repeats, with a short think time,
a journey drawn at random by weight:

  home        GET /
  search      GET /jobs/?q=…&postcode=<a real North East postcode>&radius=…
  job page    GET /jobs/<slug>/
  apply       a signed-in jobseeker applies: start, every step, check your answers, submit
  apply start a visitor without an account opens the apply page and gives an email address
  pipeline    a recruiter opens one of their vacancies' application list (and sometimes the board)

It prints p50/p95/p99 and the error rate per journey (an error is a 5xx, a refused connection or a
status the journey did not expect), the number of applications submitted against the number stored,
and writes JSON under bench/results/. Uses the `make bench` database (BENCH_DB, default ccne_bench;
`seed_demo` is run first if it is empty).

Every virtual user comes from 127.0.0.1, so the per-client form rate limit is raised for the server
under test (FORM_RATE_LIMIT); jobseekers and the recruiter get sessions made directly in the
database (signing in 50 people through allauth from one address would only measure its rate limit).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as harness  # bench/run.py: env, database, ports

ROOT = harness.ROOT
LOAD_DOMAIN = "load.invalid"
WEIGHTS = {"home": 25, "search": 25, "job page": 20, "apply": 8, "apply start": 7, "pipeline": 15}
KEYWORDS = ["care", "support worker", "nurse", "night", "senior", "home care", "", ""]
RADII = ["5", "10", "20"]
STEP_DATA = {
    "details": {"first_name": "Lou", "last_name": "Load", "phone": "07700900123", "postcode": "NE1 4ST"},
    "eligibility": {"over_18": "yes", "right_to_work": "yes", "driving_licence": "no", "has_car": "no"},
    "availability": {"availability": ["days", "weekends"], "hours_wanted": "30"},
    "experience": {"experience": "none", "care_certificate": "in_progress", "qualifications": ""},
    "statement": {"personal_statement": "I looked after my grandad for two years."},
    "referees": {
        "referee_1_name": "Sam Boss",
        "referee_1_relationship": "Manager",
        "referee_1_contact": "sam@shop.example",
        "referee_2_name": "Ali Friend",
        "referee_2_relationship": "Volunteer lead",
        "referee_2_contact": "0191 498 0000",
    },
    "cv": {"cv": "none"},
    "consent": {"consent": "on"},
}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def server_env() -> dict[str, str]:
    return {**harness.env(), "FORM_RATE_LIMIT": "1000000", "LOG_LEVEL": "ERROR"}


def start_gunicorn(port: int, workers: int, threads: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            *(harness.PY, "-m", "gunicorn", "cms.wsgi:application"),
            *("--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads)),
            *("--worker-class", "gthread", "--timeout", "60", "--keep-alive", "30"),
        ],
        cwd=ROOT,
        env=server_env(),
        stdout=subprocess.DEVNULL,
        stderr=open(harness.RESULTS / "load-gunicorn.log", "w"),  # noqa: SIM115
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def setup_django() -> None:
    os.environ.update(server_env())
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare(users: int) -> dict:
    """Test data in the bench database: live on-site vacancies, postcodes, one signed-in session per
    virtual jobseeker (users @load.invalid, whose earlier applications are removed), the demo
    recruiter's session and vacancies."""
    from allauth.account.models import EmailAddress

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.db.models import Count, Q
    from django.utils import timezone

    from ats.models import Application, ApplicationDraft, Postcode, Vacancy
    from ats.permissions import vacancies_for

    if not Vacancy.objects.exists():
        harness.manage("migrate", "--noinput")
        harness.manage("seed_demo")
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore
    backend = "allauth.account.auth_backends.AuthenticationBackend"

    def session_for(user) -> str:
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return session.session_key

    User = get_user_model()
    live = Vacancy.objects.filter(
        Q(closing_date=None) | Q(closing_date__gte=timezone.localdate()),
        status=Vacancy.Status.LIVE,
        apply_method=Vacancy.ApplyMethod.ON_SITE,
    )
    no_questions = live.annotate(questions=Count("screening_questions")).filter(questions=0)
    slugs = list(no_questions.order_by("?").values_list("slug", flat=True)[:400])
    postcodes = list(Postcode.objects.order_by("?").values_list("postcode", flat=True)[:300]) or [
        "NE1 4ST",
        "SR1 3SD",
        "DH1 3HP",
        "TS1 2NY",
    ]
    Application.objects.filter(candidate__email__endswith=f"@{LOAD_DOMAIN}").delete()
    ApplicationDraft.objects.filter(candidate__email__endswith=f"@{LOAD_DOMAIN}").delete()
    jobseekers = []
    for n in range(users):
        user, _ = User.objects.get_or_create(email=f"jobseeker{n}@{LOAD_DOMAIN}")
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        jobseekers.append(session_for(user))
    recruiter = User.objects.filter(email="recruiter@tynevalley.example").first()
    pipeline = []
    recruiter_session = ""
    if recruiter is not None:
        recruiter_session = session_for(recruiter)
        pipeline = [str(v) for v in vacancies_for(recruiter).values_list("public_id", flat=True)[:20]]
    return {
        "slugs": slugs,
        "postcodes": postcodes,
        "jobseekers": jobseekers,
        "recruiter": recruiter_session,
        "pipeline": pipeline,
    }


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.examples: dict[str, list[str]] = defaultdict(list)
        self.submitted = 0

    def record(self, journey: str, millis: float, error: str = "") -> None:
        with self.lock:
            self.times[journey].append(millis)
            if error:
                self.errors[journey] += 1
                if len(self.examples[journey]) < 3:
                    self.examples[journey].append(error)


class VirtualUser(threading.Thread):
    def __init__(self, n: int, base: str, data: dict, stats: Stats, stop_at: float, think: float):
        super().__init__(daemon=True)
        self.n, self.base, self.data, self.stats = n, base, data, stats
        self.stop_at, self.think = stop_at, think
        self.random = random.Random(n)
        self.http = requests.Session()
        self.applied: set[str] = set()

    # One request: timed, checked, cookies kept whatever their Secure flag (plain HTTP on loopback).
    def call(self, journey: str, method: str, path: str, cookies: dict, expect: tuple, **kwargs):
        started = time.perf_counter()
        try:
            response = self.http.request(
                method, self.base + path, cookies=cookies, allow_redirects=False, timeout=60, **kwargs
            )
        except requests.RequestException as exc:
            self.stats.record(journey, (time.perf_counter() - started) * 1000, f"{path}: {exc!r}"[:200])
            return None
        millis = (time.perf_counter() - started) * 1000
        cookies.update(response.cookies.get_dict())
        error = "" if response.status_code in expect else f"{method} {path} -> {response.status_code}"
        self.stats.record(journey, millis, error)
        return None if error else response

    def run(self) -> None:
        journeys, weights = zip(*WEIGHTS.items(), strict=True)
        while time.monotonic() < self.stop_at:
            journey = self.random.choices(journeys, weights)[0]
            getattr(self, "journey_" + journey.replace(" ", "_"))()
            time.sleep(self.random.uniform(0, 2 * self.think))

    def journey_home(self) -> None:
        self.call("home", "GET", "/", {}, (200,))

    def journey_search(self) -> None:
        params = {
            "q": self.random.choice(KEYWORDS),
            "postcode": self.random.choice(self.data["postcodes"]),
            "radius": self.random.choice(RADII),
        }
        self.call("search", "GET", "/jobs/", {}, (200,), params=params)

    def journey_job_page(self) -> None:
        self.call("job page", "GET", f"/jobs/{self.random.choice(self.data['slugs'])}/", {}, (200,))

    def journey_apply_start(self) -> None:
        cookies: dict = {}
        slug = self.random.choice(self.data["slugs"])
        page = self.call("apply start", "GET", f"/jobs/{slug}/apply/", cookies, (200,))
        if page is None:
            return
        token = CSRF.search(page.text)
        email = f"guest{self.n}-{self.random.randrange(10**9)}@{LOAD_DOMAIN}"
        self.call(
            "apply start",
            "POST",
            f"/jobs/{slug}/apply/",
            cookies,
            (200,),
            data={"csrfmiddlewaretoken": token.group(1) if token else "", "email": email},
        )

    def journey_apply(self) -> None:
        """A signed-in jobseeker applies to a job they have not applied to, step by step."""
        cookies = {"sessionid": self.data["jobseekers"][self.n % len(self.data["jobseekers"])]}
        slug = self.random.choice([s for s in self.data["slugs"] if s not in self.applied] or [""])
        if not slug:
            return
        self.applied.add(slug)
        response = self.call("apply", "GET", f"/jobs/{slug}/apply/", cookies, (302,))
        for _ in range(12):  # every step, then check your answers
            if response is None:
                return
            location = response.headers["Location"]
            page = self.call("apply", "GET", location, cookies, (200,))
            if page is None:
                return
            token = CSRF.search(page.text)
            step = location.rstrip("/").rsplit("/", 1)[-1]
            data = {"csrfmiddlewaretoken": token.group(1) if token else ""}
            if step == "check-your-answers":
                done = self.call("apply", "POST", location, cookies, (302,), data=data)
                if done is not None and done.headers["Location"].endswith("/application-sent/"):
                    with self.stats.lock:
                        self.stats.submitted += 1
                return
            if step not in STEP_DATA:
                self.stats.record("apply", 0, f"unexpected step {step!r}")
                return
            response = self.call("apply", "POST", location, cookies, (302,), data={**data, **STEP_DATA[step]})

    def journey_pipeline(self) -> None:
        if not self.data["pipeline"]:
            return
        cookies = {"sessionid": self.data["recruiter"]}
        vacancy = self.random.choice(self.data["pipeline"])
        self.call("pipeline", "GET", f"/recruit/vacancies/{vacancy}/applications/", cookies, (200,))
        if self.random.random() < 0.3:
            self.call("pipeline", "GET", f"/recruit/vacancies/{vacancy}/board/", cookies, (200,))


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOAD_USERS", "50")))
    parser.add_argument("--duration", type=int, default=int(os.environ.get("LOAD_DURATION", "300")))
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between journeys")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    harness.RESULTS.mkdir(parents=True, exist_ok=True)
    setup_django()
    print(f"Preparing {harness.DATABASE_URL} ({args.users} virtual users)...")
    data = prepare(args.users)
    from ats.models import Application

    port = harness.free_port()
    server = start_gunicorn(port, args.workers, args.threads)
    base = f"http://127.0.0.1:{port}"
    requests.get(base + "/", timeout=30)  # warm the page cache and the workers
    stats = Stats()
    started_at = datetime.now(UTC)
    stop_at = time.monotonic() + args.duration
    print(f"{args.users} users for {args.duration} s against {base} (gunicorn {args.workers}×{args.threads})")
    users = [VirtualUser(n, base, data, stats, stop_at, args.think) for n in range(args.users)]
    for user in users:
        user.start()
        time.sleep(0.05)  # ramp up over a few seconds
    for user in users:
        user.join(timeout=args.duration + 120)
    elapsed = args.duration
    try:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()

    stored = Application.objects.filter(
        candidate__email__endswith=f"@{LOAD_DOMAIN}", applied_at__gte=started_at
    ).count()
    rows = []
    for journey in WEIGHTS:
        times = stats.times.get(journey, [])
        rows.append(
            {
                "journey": journey,
                "requests": len(times),
                "p50_ms": round(percentile(times, 50), 1),
                "p95_ms": round(percentile(times, 95), 1),
                "p99_ms": round(percentile(times, 99), 1),
                "errors": stats.errors.get(journey, 0),
                "error_rate": round(stats.errors.get(journey, 0) / len(times), 4) if times else 0.0,
                "examples": stats.examples.get(journey, []),
            }
        )
    total = sum(row["requests"] for row in rows)
    report = {
        "when": started_at.isoformat(),
        "users": args.users,
        "duration_s": elapsed,
        "requests": total,
        "requests_per_s": round(total / elapsed, 1),
        "journeys": rows,
        "applications_submitted": stats.submitted,
        "applications_stored": stored,
    }
    print()
    print("| journey | requests | p50 ms | p95 ms | p99 ms | errors | error rate |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['journey']} | {row['requests']} | {row['p50_ms']} | {row['p95_ms']} | "
            f"{row['p99_ms']} | {row['errors']} | {row['error_rate']:.2%} |"
        )
    print(f"\n{total} requests in {elapsed} s ({report['requests_per_s']}/s) from {args.users} users")
    print(f"applications submitted: {stats.submitted}, stored: {stored}")
    for row in rows:
        for example in row["examples"]:
            print(f"  {row['journey']} error: {example}")
    stamp = started_at.strftime("%Y%m%d-%H%M%S")
    (harness.RESULTS / f"load-{stamp}.json").write_text(json.dumps(report, indent=2))
    print(f"Written to bench/results/load-{stamp}.json")
    failed = any(row["errors"] for row in rows) or stored != stats.submitted
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
