"""Routing at volume: 10,000 enquiries from real North East postcodes routed one by one.

    python bench/routing.py [--enquiries 10000] [--keep-capacity] [--dump decisions.jsonl]

Needs the reference data and seed_demo (academies, default rules); makes them if missing. Runs in
one transaction that is rolled back, so the database is left as it was. Weekly capacities are lifted
unless --keep-capacity (10,000 in one week would otherwise leave most unrouted, which measures the
"nobody has room" path instead). --dump writes every decision (enquiry number, destination, rule,
distance, reason) so two versions of the routing code can be compared decision by decision. Target: 10,000 routed in under 10 s on PostgreSQL, and the same
bounded number of queries for every decision."""

import argparse
import json
import random
import statistics
import time
from collections import Counter

from _setup import ROOT, percentile  # noqa: F401

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from ats.models import (
    Enquiry,
    LocalAuthority,
    Organisation,
    Postcode,
    RoutingCapacity,
    RoutingDecision,
    RoutingRule,
    Vacancy,
)
from ats.routing.services import route_enquiries, route_enquiry


class Rollback(Exception):
    pass


def ensure_seeded() -> None:
    if not Organisation.objects.filter(kind=Organisation.Kind.ACADEMY).exists():
        import io

        from ats import demo

        demo.seed_reference_data(io.StringIO())
        demo.seed(io.StringIO())
    if not RoutingRule.objects.exists():
        import io

        from ats import demo

        demo.seed_routing(io.StringIO())


def make_enquiries(count: int, rng: random.Random) -> list[Enquiry]:
    councils = {la.ons_code: la for la in LocalAuthority.objects.all()}
    units = list(
        Postcode.objects.exclude(latitude=None)
        .filter(la_code__in=[code for code, la in councils.items() if la.in_region])
        .values_list("postcode", "latitude", "longitude", "la_code")[:200_000]
    )
    if not units:
        raise SystemExit("No postcode units loaded: run manage.py load_reference_data first.")
    interests = ["care-worker", "home-care-worker", "support-worker", "residential", "home_care", "nursing"]
    rows = []
    for n in range(count):
        postcode, lat, lon, code = rng.choice(units)
        rows.append(
            Enquiry(
                name=f"Bench {n}",
                email=f"bench{n}@routing.invalid",
                postcode=postcode,
                latitude=lat,
                longitude=lon,
                local_authority=councils.get(code),
                interests=rng.sample(interests, 2),
                nhs_interest=rng.random() < 0.1,
                experience=rng.choice(["none", "none", "some", "experienced"]),
                driving=rng.random() < 0.6,
                max_travel_miles=rng.choice([5, 10, 15, 25]),
                over_18=True,
            )
        )
    return Enquiry.objects.bulk_create(rows, batch_size=2000)


def write_decisions(path: str, enquiries: list[Enquiry]) -> None:
    numbers = {enquiry.pk: n for n, enquiry in enumerate(enquiries)}
    rows = RoutingDecision.objects.filter(enquiry__in=enquiries, superseded_at=None).values_list(
        "enquiry_id", "destination_id", "rule_name", "distance_miles", "reason"
    )
    lines = sorted((numbers[pk], *rest) for pk, *rest in rows)
    with open(path, "w") as out:
        for line in lines:
            out.write(json.dumps(line, default=str) + "\n")
    print(f"{len(lines):,} decisions written to {path}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enquiries", type=int, default=10_000)
    parser.add_argument("--keep-capacity", action="store_true")
    parser.add_argument("--dump", help="write every decision to this file (JSON lines)")
    args = parser.parse_args()
    ensure_seeded()
    rng = random.Random(6)
    print(f"database: {connection.vendor}")
    print(
        f"rules: {RoutingRule.objects.filter(active=True).count()} active; academies: "
        f"{Organisation.objects.filter(kind=Organisation.Kind.ACADEMY).count()}; live vacancies: "
        f"{Vacancy.objects.filter(status=Vacancy.Status.LIVE).count():,}"
    )
    try:
        with transaction.atomic():
            if not args.keep_capacity:
                RoutingCapacity.objects.update(per_week=1_000_000)
                RoutingRule.objects.update(capacity_per_week=None)
            enquiries = make_enquiries(args.enquiries, rng)
            # The single path, as the enquiry form uses it: one decision per call, rules read each time.
            sample = enquiries[:300]
            millis: list[float] = []
            queries: list[int] = []
            for enquiry in sample:
                connection.queries_log.clear()
                with CaptureQueriesContext(connection) as ctx:
                    began = time.perf_counter()
                    route_enquiry(enquiry)
                    millis.append((time.perf_counter() - began) * 1000)
                queries.append(len(ctx.captured_queries))
            print(
                f"route_enquiry, one at a time ({len(sample)}): p50={percentile(millis, 50):.2f} ms "
                f"p95={percentile(millis, 95):.2f} ms; queries per decision min={min(queries)} "
                f"max={max(queries)} mean={statistics.mean(queries):.1f}"
            )
            # The batch path for the rest: route_enquiries, 1,000 at a time.
            rest = [e.pk for e in enquiries[len(sample) :]]
            start, cpu_start = time.perf_counter(), time.process_time()
            results: dict = {}
            for offset in range(0, len(rest), 1000):
                results.update(route_enquiries(rest[offset : offset + 1000]))
            total, cpu = time.perf_counter() - start, time.process_time() - cpu_start
            decisions = [d for d in results.values() if d]
            unrouted = len(rest) - len(decisions)
            destinations = Counter(d.destination_id for d in decisions)
            rules = Counter(d.rule_name for d in decisions)
            print(
                f"route_enquiries: routed {len(decisions):,} of {len(rest):,} in {total:.1f} s "
                f"({len(rest) / total:,.0f}/s; target 10,000 in < 10 s), Python CPU {cpu:.1f} s; "
                f"unrouted {unrouted:,}"
            )
            if args.dump:
                write_decisions(args.dump, enquiries)
            names = dict(Organisation.objects.filter(pk__in=destinations).values_list("pk", "name"))
            print("decisions by rule:")
            for rule, n in rules.most_common():
                print(f"  {n:>6,}  {rule}")
            print("busiest destinations:")
            for org_id, n in destinations.most_common(5):
                print(f"  {n:>6,}  {names[org_id]}")
            assert RoutingDecision.objects.filter(enquiry__in=enquiries).count() >= len(decisions)
            raise Rollback
    except Rollback:
        print("(rolled back: nothing kept)")


if __name__ == "__main__":
    main()
