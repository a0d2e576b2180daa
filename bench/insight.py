"""Benchmark: management information at the issue 25 volume (200,000 applications, 50,000
vacancies, two years of events) on PostgreSQL. Times each insight page (target: under 1 s) and
counts its queries:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ws_retention .venv/bin/python bench/insight.py
    BENCH_APPLICATIONS=20000 BENCH_VACANCIES=5000 ... bench/insight.py     # a smaller run

It creates a throwaway test database (test_<name>) and drops it afterwards.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tests.fixtures.signed_in import SignedInClient as Client  # noqa: E402

APPLICATIONS = int(os.environ.get("BENCH_APPLICATIONS", "200000"))
VACANCIES = int(os.environ.get("BENCH_VACANCIES", "50000"))
ORGANISATIONS = int(os.environ.get("BENCH_ORGANISATIONS", "600"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "5"))
BATCH = 5000
SOURCES = ["facebook", "google", "tiktok", "radio", "", ""]
CAMPAIGNS = ["winter", "spring", "nights", ""]


def touch(rng: random.Random) -> dict:
    source = rng.choice(SOURCES)
    return {
        "utm_source": source,
        "utm_campaign": rng.choice(CAMPAIGNS) if source else "",
        "referrer_host": "" if source else rng.choice(["news.example", ""]),
        "landing_page": rng.choice(["/", "/work-in-care/", "/stories/amira/", "/events/open-day/"]),
    }


def build():
    from django.utils import timezone

    from ats.insight.models import Start, TenureCheck
    from ats.insight.tenure import add_months
    from ats.models import Application, EqualityResponse, LocalAuthority, Organisation, Vacancy
    from cms.models import User
    from tests.factories import MembershipFactory, UserFactory, with_totp

    rng = random.Random(25)
    now = timezone.now()
    councils = LocalAuthority.objects.bulk_create(
        LocalAuthority(ons_code=f"E0900{n:04d}", name=f"Council {n}", slug=f"council-{n}") for n in range(12)
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Employer {n}", slug=f"employer-{n}", kind="provider")
        for n in range(ORGANISATIONS)
    )
    settings_values = list(Vacancy.Setting.values)
    for first in range(0, VACANCIES, BATCH):
        Vacancy.objects.bulk_create(
            Vacancy(
                organisation=organisations[n % ORGANISATIONS],
                title=f"Care worker {n}",
                slug=f"care-worker-{n}",
                setting=settings_values[n % len(settings_values)],
                status="live" if n % 4 else "filled",
                published_at=now - timedelta(days=rng.randint(30, 730)),
                local_authority=councils[n % 12],
            )
            for n in range(first, min(first + BATCH, VACANCIES))
        )
    vacancy_ids = list(Vacancy.objects.order_by("pk").values_list("pk", flat=True))
    users = User.objects.bulk_create(User(email=f"bench{n}@example.org") for n in range(20000))
    EqualityResponse.objects.bulk_create(
        EqualityResponse(
            user=user,
            age_band="25-34",
            sex=rng.choice(["female", "female", "male", "prefer_not"]),
            gender_same_as_birth="yes",
            ethnicity=rng.choice(["white", "white", "white", "asian", "black", "mixed"]),
            disability=rng.choice(["no", "no", "yes"]),
            religion="none",
            sexual_orientation="straight",
        )
        for user in users
    )
    for first in range(0, APPLICATIONS, BATCH):
        batch = []
        for n in range(first, min(first + BATCH, APPLICATIONS)):
            applied = now - timedelta(days=rng.randint(1, 730), hours=rng.randint(0, 23))
            depth = rng.choices(range(6), weights=[40, 20, 15, 8, 5, 12])[0]
            stamps = {"applied_at": applied}
            stage = "applied"
            at = applied
            for field in ("shortlisted_at", "interview_at", "offer_at", "checks_at", "hired_at")[:depth]:
                at = at + timedelta(days=rng.randint(1, 10))
                stamps[field] = at
                stage = field.removesuffix("_at")
            if depth < 5 and rng.random() < 0.5:
                stage = rng.choice(["rejected", "withdrawn"])
                stamps[f"{stage}_at"] = at + timedelta(days=1)
            first_touch = touch(rng)
            batch.append(
                Application(
                    vacancy_id=vacancy_ids[(n * 7919) % len(vacancy_ids)],
                    candidate=users[n] if n < len(users) else None,
                    stage=stage,
                    attribution={
                        "first": first_touch,
                        "last": touch(rng) if rng.random() < 0.3 else first_touch,
                    },
                    **stamps,
                )
            )
        Application.objects.bulk_create(batch)
    hires = Application.objects.filter(stage="hired").values_list("pk", "hired_at")
    starts = Start.objects.bulk_create(
        Start(
            application_id=pk,
            outcome="started" if n % 8 else "did_not_start",
            start_date=(hired_at + timedelta(days=14)).date() if n % 8 else None,
            no_start_reason="" if n % 8 else "another_job",
        )
        for n, (pk, hired_at) in enumerate(hires)
    )
    today = now.date()
    checks = []
    for start in starts:
        if start.start_date is None:
            continue
        gone = False
        for months in (3, 6, 12):
            due = add_months(start.start_date, months)
            answer = ""
            if due <= today and rng.random() < 0.8:
                gone = gone or rng.random() < 0.15
                answer = "left" if gone else "in_post"
            checks.append(
                TenureCheck(
                    start=start,
                    months=months,
                    due_on=due,
                    answer=answer,
                    left_reason="pay" if answer == "left" else "",
                    answered_at=now if answer else None,
                )
            )
    TenureCheck.objects.bulk_create(checks, batch_size=BATCH)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    largest = Organisation.objects.order_by(
        "pk"
    ).first()  # every organisation has about the same number of vacancies
    member = MembershipFactory(organisation=largest, role="recruiter").user
    with_totp(member)
    admin = UserFactory(email="bench-admin@example.org", is_staff=True, is_superuser=True)
    with_totp(admin)
    vacancy = Vacancy.objects.filter(organisation=largest).first()
    return member, admin, largest, vacancy, councils[0]


def measure(member, admin, organisation, vacancy, council) -> None:
    pages = [
        (member, "employer insight", "/recruit/insight/"),
        (member, "employer insight, first touch by campaign", "/recruit/insight/?touch=first&by=campaign"),
        (member, "employer insight CSV", "/recruit/insight/?format=csv"),
        (member, "vacancy insight", f"/recruit/insight/vacancies/{vacancy.public_id}/"),
        (admin, "regional insight (all applications)", "/recruit/insight/"),
        (admin, "councils: region", "/recruit/insight/councils/"),
        (
            admin,
            "councils: one council beside the region",
            f"/recruit/insight/councils/?council={council.ons_code}",
        ),
        (None, "open data CSV (cache cleared)", "/open-data/insight/monthly.csv"),
    ]
    from ats.models import Application, Vacancy

    print(
        f"{Application.objects.count():,} applications, {Vacancy.objects.count():,} vacancies, "
        f"{REQUESTS} requests each, database {connection.vendor}"
    )
    for user, label, url in pages:
        client = Client(HTTP_HOST="localhost")
        if user is not None:
            client.force_login(user)
        client.get(url)  # warm up
        timings = []
        for _ in range(REQUESTS):
            cache.clear()
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        slowest = max(float(q["time"]) for q in queries.captured_queries) * 1000
        print(
            f"  {label:44} median {statistics.median(timings):7.1f} ms   max {max(timings):7.1f} ms   "
            f"queries {len(queries.captured_queries)} (slowest {slowest:.0f} ms)"
        )


def main() -> None:
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        objects = build()
        print(f"built in {time.perf_counter() - started:.0f} s")
        measure(*objects)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
