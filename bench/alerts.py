"""Job alert matching at volume: due alerts found, batched and matched as the beat task does.

    python bench/alerts.py [--alerts 100000]

Makes the alerts if there are fewer (through seed_scale's generator, marked @scale.invalid), then
times finding the due ones and matching every batch against the jobs published since each was last
sent. Sending email is left out (it is the mail server's time, not ours). Target: 100,000 alerts
matched and queued in under 60 s."""

import argparse
import time

from _setup import ROOT  # noqa: F401

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from ats.models import JobAlert
from ats.services.alerts import batched, due_alert_ids, match_alert_batch


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--alerts", type=int, default=100_000)
    args = parser.parse_args()
    have = JobAlert.objects.filter(email__endswith="@scale.invalid").count()
    if have < args.alerts:
        print(f"making {args.alerts:,} alerts (and the seed_scale data)...")
        call_command("seed_scale", alerts=args.alerts)
    now = timezone.now()
    print(f"database: {connection.vendor}")
    start = time.perf_counter()
    ids = due_alert_ids(now)
    found = time.perf_counter()
    batches = list(batched(ids))
    matched_alerts = matched_jobs = 0
    slowest = 0.0
    for batch in batches:
        batch_start = time.perf_counter()
        matches = match_alert_batch(batch, now)
        slowest = max(slowest, time.perf_counter() - batch_start)
        matched_alerts += sum(1 for jobs in matches.values() if jobs)
        matched_jobs += sum(len(jobs) for jobs in matches.values())
    end = time.perf_counter()
    print(f"due alerts: {len(ids):,} in {len(batches):,} batches; found in {found - start:.2f} s")
    print(f"matched: {matched_alerts:,} alerts get {matched_jobs:,} jobs; slowest batch {slowest:.2f} s")
    print(f"total (find + batch + match): {end - start:.1f} s  (target < 60 s for 100,000)")


if __name__ == "__main__":
    main()
