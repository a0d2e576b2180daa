"""Benchmark: a vacancy with 5,000 applications, the recruiter's pipeline list. Prints p50/p95 and
the query count. Run on demand against PostgreSQL (the target is p95 < 200 ms, <= 15 queries):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/pipeline.py

It creates a throwaway test database (test_<name>) and drops it afterwards.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

APPLICATIONS = int(os.environ.get("BENCH_APPLICATIONS", "5000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "60"))


def build():
    from django.utils import timezone

    from ats.models import Application, Rating, RatingCriterion
    from ats.pipeline.status import Stage
    from cms.models import User
    from tests.factories import MembershipFactory, VacancyFactory, with_totp

    membership = MembershipFactory(role="recruiter")
    with_totp(membership.user)
    vacancy = VacancyFactory(organisation=membership.organisation)
    criterion = RatingCriterion.objects.create(vacancy=vacancy, name="Values")
    stages = list(Stage)
    candidates = User.objects.bulk_create(User(email=f"bench{n}@example.org") for n in range(APPLICATIONS))
    now = timezone.now()
    applications = Application.objects.bulk_create(
        Application(
            vacancy=vacancy,
            candidate=user,
            stage=stages[n % len(stages)],
            applied_at=now,
            distance_miles=n % 30,
            knockout_flags=["Does not drive"] if n % 7 == 0 else [],
            snapshot={
                "name": f"Bench {n}",
                "email": user.email,
                "phone": "07700 900000",
                "postcode": "NE1 4ST",
            },
        )
        for n, user in enumerate(candidates)
    )
    Rating.objects.bulk_create(
        Rating(application=a, criterion=criterion, rater=membership.user, score=1 + n % 5)
        for n, a in enumerate(applications)
        if n % 3 == 0
    )
    return membership.user, vacancy


def measure(user, vacancy) -> None:
    client = Client(HTTP_HOST="localhost")  # bench settings allow 127.0.0.1 and localhost only
    client.force_login(user)
    urls = {
        "list": f"/recruit/vacancies/{vacancy.public_id}/applications/",
        "list, filtered": f"/recruit/vacancies/{vacancy.public_id}/applications/?flags=none&max_distance=10&min_rating=2",
        "list, page 40": f"/recruit/vacancies/{vacancy.public_id}/applications/?page=40",
        "board": f"/recruit/vacancies/{vacancy.public_id}/board/",
    }
    print(f"{APPLICATIONS:,} applications, {REQUESTS} requests each, database {connection.vendor}")
    for label, url in urls.items():
        client.get(url)  # warm up
        timings = []
        for _ in range(REQUESTS):
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
        sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        p95 = statistics.quantiles(timings, n=20)[18]
        print(
            f"  {label:16} p50 {statistics.median(timings):6.1f} ms   p95 {p95:6.1f} ms   "
            f"queries {len(queries.captured_queries)} ({sql_ms:.1f} ms in SQL)"
        )


def main() -> None:
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        user, vacancy = build()
        measure(user, vacancy)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
