"""Load test: `make loadtest` (or `python bench/load.py --users 50 --duration 300`). On demand only.

Serves the project with gunicorn (production settings, PostgreSQL, Redis cache and broker) on
127.0.0.1 and runs N virtual users for a fixed time. Most are jobseekers and visitors; the first
`--recruiters` (default 10) are recruiters. Each user repeats, with a short think time, a journey
drawn at random by weight:

  home          GET /
  search        GET /jobs/?q=…&postcode=<a real North East postcode>&radius=…
  job page      GET /jobs/<slug>/
  apply         a signed-in jobseeker applies: start, every step, check your answers, submit
  apply start   a visitor without an account opens the apply page and gives an email address
  sign in       (recruiters, once) email and password, then the authenticator (TOTP) code
  pipeline      a recruiter opens one of their vacancies' application list (sometimes the board)
  shortlisting  a recruiter filters the list to new applications, moves a few to shortlisted in
                one go, then rates one of them and adds a note

Every form is fetched first and posted with its CSRF token, as a browser does. It prints
p50/p95/p99 and the errors per journey (an error is a 5xx, no answer, or a status the journey did
not expect; 5xx and no answer are also counted on their own), applications submitted against
stored, moves to shortlisted the portal reported against the events stored, and writes JSON under
bench/results/. Uses the `make bench` database (BENCH_DB, default ccne_bench; `seed_demo` is run
first if it is empty).

Every virtual user comes from 127.0.0.1, so the per-client form rate limit is raised for the server
under test (FORM_RATE_LIMIT). Jobseekers get sessions made directly in the database (signing in 40
people through allauth from one address would only measure its rate limit); the recruiters, fewer
than allauth's 30 sign-ins a minute per address, sign in through the real pages.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import sys
import threading
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _server as server  # bench/_server.py: environment, database, gunicorn

ROOT = server.ROOT
sys.path.insert(0, str(ROOT))
from tests.ats.apply_answers import CONSENT, SCREEN_DATA  # noqa: E402  (the answers the apply tests give)

LOAD_DOMAIN = "load.invalid"
LOAD_ORGANISATION = "tyne-valley-home-care"  # seed_demo's provider; its vacancies get a pool of applicants
VISITOR_WEIGHTS = {"home": 30, "search": 30, "job page": 24, "apply": 9, "apply start": 7}
RECRUITER_WEIGHTS = {"pipeline": 40, "shortlisting": 60}
JOURNEYS = ["home", "search", "job page", "apply", "apply start", "sign in", "pipeline", "shortlisting"]
KEYWORDS = ["care", "support worker", "nurse", "night", "senior", "home care", "", ""]
RADII = ["5", "10", "20"]
APPLY_ANSWERS = SCREEN_DATA
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SELECTABLE = re.compile(r'name="selected" value="([0-9a-f-]{36}):(\w+)"')
RATING_FIELD = re.compile(r'<select name="(c\d+)"')
SERVER_ENV = {"FORM_RATE_LIMIT": "1000000", "LOG_LEVEL": "ERROR"}


def setup_django() -> None:
    os.environ.update(server.env(**SERVER_ENV))
    import django

    django.setup()


def totp_code(secret: str, at: float) -> str:
    """The code an authenticator app shows at `at`, as allauth computes it."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(at) // app_settings.TOTP_PERIOD))


def prepare(users: int, recruiters: int, pool: int) -> dict:
    """Test data in the bench database, all of it marked @load.invalid and replaced on every run:
    live on-site vacancies and postcodes to visit, one signed-in session per virtual jobseeker
    (their earlier applications removed), recruiter accounts at seed_demo's provider with a
    password and an authenticator secret (they sign in for real), and `pool` applicants at the
    "applied" stage on each of that provider's vacancies for them to shortlist."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.db.models import Count, Q
    from django.utils import timezone

    from ats.models import Application, ApplicationDraft, Membership, Organisation, Postcode, Vacancy

    if not Vacancy.objects.exists():
        server.manage("migrate", "--noinput")
        server.manage("seed_demo")
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

    def verified_user(email: str):
        user, _ = User.objects.get_or_create(email=email)
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

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
    jobseekers = [session_for(verified_user(f"jobseeker{n}@{LOAD_DOMAIN}")) for n in range(users)]

    organisation = Organisation.objects.filter(slug=LOAD_ORGANISATION).first()
    accounts, pipeline = [], []
    if organisation is None:
        print(f"No organisation {LOAD_ORGANISATION!r} (run seed_demo): no recruiters in this run.")
        return {
            "slugs": slugs,
            "postcodes": postcodes,
            "jobseekers": jobseekers,
            "recruiters": [],
            "pipeline": [],
        }
    for n in range(recruiters):
        user = verified_user(f"recruiter{n}@{LOAD_DOMAIN}")
        password, secret = secrets.token_urlsafe(16), generate_totp_secret()
        user.set_password(password)
        user.save(update_fields=["password"])
        Membership.objects.update_or_create(
            user=user, organisation=organisation, defaults={"role": Membership.Role.RECRUITER}
        )
        Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
        TOTP.activate(user, secret)
        accounts.append({"email": user.email, "password": password, "secret": secret})

    vacancies = list(organisation.vacancies.filter(status=Vacancy.Status.LIVE))
    User.objects.bulk_create(
        [User(email=f"pool{n}@{LOAD_DOMAIN}") for n in range(pool)], ignore_conflicts=True
    )
    candidates = list(User.objects.filter(email__in=[f"pool{n}@{LOAD_DOMAIN}" for n in range(pool)]))
    now = timezone.now()
    for vacancy in vacancies:
        Application.objects.bulk_create(
            Application(
                vacancy=vacancy,
                candidate=candidate,
                applied_at=now - timedelta(minutes=n),
                distance_miles=n % 25,
                knockout_flags=["Does not drive"] if n % 6 == 0 else [],
                snapshot={"name": f"Pool {n}", "email": candidate.email, "postcode": "NE1 4ST"},
            )
            for n, candidate in enumerate(candidates)
        )
        pipeline.append(str(vacancy.public_id))
    return {
        "slugs": slugs,
        "postcodes": postcodes,
        "jobseekers": jobseekers,
        "recruiters": accounts,
        "pipeline": pipeline,
    }


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.server_errors: dict[str, int] = defaultdict(int)  # 5xx or no answer
        self.examples: dict[str, list[str]] = defaultdict(list)
        self.submitted = 0
        self.moved = 0  # applications the portal said it moved to shortlisted

    def record(self, journey: str, millis: float, error: str = "", *, server_error: bool = False) -> None:
        with self.lock:
            self.times[journey].append(millis)
            self.server_errors[journey] += server_error
            if error:
                self.errors[journey] += 1
                if len(self.examples[journey]) < 3:
                    self.examples[journey].append(error)


class VirtualUser(threading.Thread):
    """A jobseeker or visitor (`account` None) or a recruiter who signs in with their password and
    authenticator code, then works their organisation's pipeline."""

    def __init__(
        self, n: int, base: str, data: dict, stats: Stats, stop_at: float, think: float, account=None
    ):
        super().__init__(daemon=True)
        self.n, self.base, self.data, self.stats = n, base, data, stats
        self.stop_at, self.think, self.account = stop_at, think, account
        self.random = random.Random(n)
        self.http = requests.Session()
        self.applied: set[str] = set()
        self.portal: dict = {}  # the recruiter's cookies once signed in
        self.last_code_at = 0.0

    # One request: timed, checked, cookies kept as a browser keeps them (plain HTTP on loopback).
    def call(self, journey: str, method: str, path: str, cookies: dict, expect: tuple, **kwargs):
        started = time.perf_counter()
        try:
            response = self.http.request(
                method, self.base + path, cookies=cookies, allow_redirects=False, timeout=60, **kwargs
            )
        except requests.RequestException as exc:
            millis = (time.perf_counter() - started) * 1000
            self.stats.record(journey, millis, f"{path}: {exc!r}"[:200], server_error=True)
            return None
        millis = (time.perf_counter() - started) * 1000
        _keep_cookies(response, cookies)
        error = "" if response.status_code in expect else f"{method} {path} -> {response.status_code}"
        self.stats.record(journey, millis, error, server_error=response.status_code >= 500)
        return None if error else response

    def run(self) -> None:
        weights = RECRUITER_WEIGHTS if self.account else VISITOR_WEIGHTS
        journeys, chances = zip(*weights.items(), strict=True)
        while time.monotonic() < self.stop_at:
            if self.account and not self.portal and not self.sign_in():
                time.sleep(5)  # counted as an error; try again shortly
                continue
            journey = self.random.choices(journeys, chances)[0]
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
        email = f"guest{self.n}-{self.random.randrange(10**9)}@{LOAD_DOMAIN}"
        self.call(
            "apply start",
            "POST",
            f"/jobs/{slug}/apply/",
            cookies,
            (200,),
            data={**_csrf(page), **SCREEN_DATA["details"], "email": email},
        )

    def journey_apply(self) -> None:
        """A signed-in jobseeker applies to a job they have not applied to, step by step."""
        cookies = {"sessionid": self.data["jobseekers"][self.n % len(self.data["jobseekers"])]}
        slug = self.random.choice([s for s in self.data["slugs"] if s not in self.applied] or [""])
        if not slug:
            return
        self.applied.add(slug)
        response = self.call("apply", "GET", f"/jobs/{slug}/apply/", cookies, (302,))
        for _ in range(6):  # every screen, then check your answers
            if response is None:
                return
            location = response.headers["Location"]
            page = self.call("apply", "GET", location, cookies, (200,))
            if page is None:
                return
            step = location.rstrip("/").rsplit("/", 1)[-1]
            data = _csrf(page)
            if step == "check-your-answers":
                done = self.call("apply", "POST", location, cookies, (302,), data={**data, **CONSENT})
                if done is not None and done.headers["Location"].endswith("/application-sent/"):
                    with self.stats.lock:
                        self.stats.submitted += 1
                return
            if step not in APPLY_ANSWERS:
                self.stats.record("apply", 0, f"unexpected step {step!r}")
                return
            response = self.call(
                "apply", "POST", location, cookies, (302,), data={**data, **APPLY_ANSWERS[step]}
            )

    def sign_in(self) -> bool:
        """Email and password, then the authenticator code, as a recruiter types them."""
        cookies: dict = {}
        page = self.call("sign in", "GET", "/accounts/login/", cookies, (200,))
        if page is None:
            return False
        credentials = {"login": self.account["email"], "password": self.account["password"]}
        step = self.call(
            "sign in", "POST", "/accounts/login/", cookies, (302,), data={**_csrf(page), **credentials}
        )
        if step is None or step.headers["Location"] != "/accounts/2fa/authenticate/":
            return False
        page = self.call("sign in", "GET", step.headers["Location"], cookies, (200,))
        if page is None:
            return False
        # A code is accepted once and only within its 30 s window (allauth's MFA_TOTP_TOLERANCE is
        # 0): like a person, type a fresh code with at least 10 s of its window left.
        while int(time.time()) // 30 == int(self.last_code_at) // 30 or time.time() % 30 > 20:
            time.sleep(1)
        self.last_code_at = time.time()
        code = {"code": totp_code(self.account["secret"], self.last_code_at)}
        done = self.call(
            "sign in", "POST", step.headers["Location"], cookies, (302,), data={**_csrf(page), **code}
        )
        if done is None or done.headers["Location"] != "/recruit/":
            return False
        self.portal = cookies
        return self.call("sign in", "GET", "/recruit/", cookies, (200,)) is not None

    def journey_pipeline(self) -> None:
        """Open one of the organisation's vacancies: the application list, sometimes the board."""
        if not self.data["pipeline"]:
            return
        vacancy = self.random.choice(self.data["pipeline"])
        self.call("pipeline", "GET", f"/recruit/vacancies/{vacancy}/applications/", self.portal, (200,))
        if self.random.random() < 0.3:
            self.call("pipeline", "GET", f"/recruit/vacancies/{vacancy}/board/", self.portal, (200,))

    def journey_shortlisting(self) -> None:
        """Filter the list to new applications, move a few to shortlisted at once, then rate one
        of them and add a note. Recruiters working the same list may pick the same candidate: the
        portal then says it was already moved (not an error)."""
        if not self.data["pipeline"]:
            return
        vacancy = self.random.choice(self.data["pipeline"])
        filters = {"stage": "applied", **self.random.choice([{}, {"flags": "none"}, {"max_distance": "10"}])}
        listing = f"/recruit/vacancies/{vacancy}/applications/"
        page = self.call("shortlisting", "GET", listing, self.portal, (200,), params=filters)
        if page is None:
            return
        rows = SELECTABLE.findall(page.text)
        if not rows:
            return
        chosen = self.random.sample(rows, min(len(rows), self.random.randint(1, 5)))
        back = page.url.removeprefix(self.base)
        form = {**_csrf(page), "selected": [f"{pk}:{stage}" for pk, stage in chosen], "to": "shortlisted"}
        form.update(note="", template="", next=back, confirmed="yes")  # the confirmation step, answered
        moved = self.call(
            "shortlisting", "POST", f"/recruit/vacancies/{vacancy}/bulk/", self.portal, (302,), data=form
        )
        if moved is None:
            return
        result = self.call("shortlisting", "GET", moved.headers["Location"], self.portal, (200,))
        if result is not None and (count := re.search(r"(\d+) moved", result.text)):
            with self.stats.lock:
                self.stats.moved += int(count.group(1))
        application = f"/recruit/applications/{chosen[0][0]}/"
        page = self.call("shortlisting", "GET", application, self.portal, (200,))
        if page is None:
            return
        scores = {name: str(self.random.randint(1, 5)) for name in RATING_FIELD.findall(page.text)}
        if scores:
            self.call(
                "shortlisting",
                "POST",
                application + "ratings/",
                self.portal,
                (302,),
                data={**_csrf(page), **scores},
            )
        note = {"body": f"Good on the phone ({self.account['email']})."}
        self.call(
            "shortlisting", "POST", application + "notes/", self.portal, (302,), data={**_csrf(page), **note}
        )


def _keep_cookies(response, cookies: dict) -> None:
    """Cookies as a browser keeps them over plain HTTP: Secure ones too, and a cookie set to expire
    (Django deleting the flash messages once shown) is dropped. requests' own jar does neither."""
    for header in response.raw.headers.getlist("Set-Cookie"):
        for name, morsel in SimpleCookie(header).items():
            if morsel["max-age"] == "0":
                cookies.pop(name, None)
            else:
                cookies[name] = morsel.value


def _csrf(page) -> dict[str, str]:
    token = CSRF.search(page.text)
    return {"csrfmiddlewaretoken": token.group(1) if token else ""}


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOAD_USERS", "50")))
    parser.add_argument("--recruiters", type=int, default=10, help="how many of the users are recruiters")
    parser.add_argument("--pool", type=int, default=1500, help="applicants per vacancy to shortlist from")
    parser.add_argument("--duration", type=int, default=int(os.environ.get("LOAD_DURATION", "300")))
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between journeys")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    recruiters = min(args.recruiters, args.users)

    server.RESULTS.mkdir(parents=True, exist_ok=True)
    setup_django()
    print(f"Preparing {server.DATABASE_URL} ({args.users} virtual users, {recruiters} of them recruiters)...")
    data = prepare(args.users, recruiters, args.pool)
    from ats.models import Application, ApplicationEvent, Note, Rating

    port = server.free_port()
    gunicorn = server.start_gunicorn(
        port,
        options=(
            *("--workers", str(args.workers), "--threads", str(args.threads)),
            *("--worker-class", "gthread", "--timeout", "60", "--keep-alive", "30"),
        ),
        extra_env=SERVER_ENV,
        log=server.RESULTS / "load-gunicorn.log",
    )
    base = f"http://127.0.0.1:{port}"
    requests.get(base + "/", timeout=30)  # warm the page cache and the workers
    stats = Stats()
    started_at = datetime.now(UTC)
    stop_at = time.monotonic() + args.duration
    print(f"{args.users} users for {args.duration} s against {base} (gunicorn {args.workers}×{args.threads})")
    accounts = data["recruiters"]
    users = [
        VirtualUser(n, base, data, stats, stop_at, args.think, accounts[n] if n < len(accounts) else None)
        for n in range(args.users)
    ]
    for user in users:
        user.start()
        time.sleep(0.05)  # ramp up over a few seconds
    for user in users:
        user.join(timeout=args.duration + 120)
    elapsed = args.duration
    server.stop(gunicorn)

    stored = Application.objects.filter(
        candidate__email__endswith=f"@{LOAD_DOMAIN}", applied_at__gte=started_at
    ).count()
    by_recruiters = {"actor__email__endswith": f"@{LOAD_DOMAIN}", "at__gte": started_at}
    shortlisted = ApplicationEvent.objects.filter(to_stage="shortlisted", **by_recruiters).count()
    notes = Note.objects.filter(author__email__endswith=f"@{LOAD_DOMAIN}", created_at__gte=started_at).count()
    ratings = Rating.objects.filter(rater__email__endswith=f"@{LOAD_DOMAIN}").count()
    rows = []
    for journey in JOURNEYS:
        times = stats.times.get(journey, [])
        rows.append(
            {
                "journey": journey,
                "requests": len(times),
                "p50_ms": round(percentile(times, 50), 1),
                "p95_ms": round(percentile(times, 95), 1),
                "p99_ms": round(percentile(times, 99), 1),
                "errors": stats.errors.get(journey, 0),
                "server_errors": stats.server_errors.get(journey, 0),
                "error_rate": round(stats.errors.get(journey, 0) / len(times), 4) if times else 0.0,
                "examples": stats.examples.get(journey, []),
            }
        )
    total = sum(row["requests"] for row in rows)
    report = {
        "when": started_at.isoformat(),
        "users": args.users,
        "recruiters": recruiters,
        "duration_s": elapsed,
        "requests": total,
        "requests_per_s": round(total / elapsed, 1),
        "journeys": rows,
        "applications_submitted": stats.submitted,
        "applications_stored": stored,
        "shortlisted_reported": stats.moved,
        "shortlisted_stored": shortlisted,
        "notes_stored": notes,
        "ratings_stored": ratings,
    }
    print()
    print("| journey | requests | p50 ms | p95 ms | p99 ms | errors | of which 5xx/no answer | error rate |")
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['journey']} | {row['requests']} | {row['p50_ms']} | {row['p95_ms']} | "
            f"{row['p99_ms']} | {row['errors']} | {row['server_errors']} | {row['error_rate']:.2%} |"
        )
    print(f"\n{total} requests in {elapsed} s ({report['requests_per_s']}/s) from {args.users} users")
    print(f"applications submitted: {stats.submitted}, stored: {stored}")
    print(
        f"moved to shortlisted: {stats.moved} reported by the portal, {shortlisted} stored; "
        f"{notes} notes and {ratings} ratings stored"
    )
    for row in rows:
        for example in row["examples"]:
            print(f"  {row['journey']} error: {example}")
    stamp = started_at.strftime("%Y%m%d-%H%M%S")
    (server.RESULTS / f"load-{stamp}.json").write_text(json.dumps(report, indent=2))
    print(f"Written to bench/results/load-{stamp}.json")
    failed = any(row["errors"] for row in rows) or stored != stats.submitted or shortlisted != stats.moved
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
