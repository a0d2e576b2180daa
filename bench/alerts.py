"""Job alerts at volume, the whole task path: due alerts found, batched, matched, deliveries written
and the digests queued in the outbox, as the beat task and its batch tasks do.

    python bench/alerts.py [--alerts 100000] [--profile] [--phases] [--workers N]

Makes the alerts if there are fewer (through seed_scale's generator, marked @scale.invalid). Each
batch commits as the batch task does (the outbox's send task is enqueued on commit), and the batches
share a run id as the beat task's do, so this process (one worker taking every batch) loads the run's
new jobs and renders each job's part of a digest once. Afterwards
everything the run wrote is removed and each alert's last-sent time put back, so runs compare.
Sending the emails is left out (the mail server's time, not ours). Target: 100,000 alerts matched
and queued in under 60 s. `--profile` profiles the slowest kind of batch (weekly) instead.
`--phases` also prints the wall and CPU time of each phase (matching, rendering, each insert).
`--workers N` hands the batches to N processes, as N Celery worker processes take them off the
queue: each loads the run's new jobs once; the CPU printed is then all the workers' together.
"""

import argparse
import collections
import cProfile
import functools
import multiprocessing
import pstats
import time
import uuid

from _setup import ROOT  # noqa: F401

from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from ats.alerts import digests, matching
from ats.alerts.digests import send_alert_batch
from ats.alerts.matching import batched, due_alert_ids
from ats.models import AlertDelivery, JobAlert
from cms.models import OutboxEmail, OutboxPart

PHASES = [  # (owner, function, label): the parts of a batch timed by --phases
    (matching, "_new_jobs", "load the run's new jobs"),
    (matching._JobIndex, "match", "match alerts (bit sets)"),
    (digests, "_record_deliveries", "insert deliveries"),
    (digests, "_render_jobs", "render each job's part"),
    (digests, "search_url", "search links"),
    (digests, "_stored_parts", "store each job's part once"),
    (digests, "_fill_digest", "fill digests"),
    (digests, "queue_emails", "insert into the outbox"),
    (digests, "_match", "all of matching (with loading)"),
    (connections["default"].__class__, "commit", "commit"),
]
spent: dict[str, list[float]] = collections.defaultdict(lambda: [0.0, 0.0])


def _time_phases() -> None:
    for owner, name, label in PHASES:
        function = getattr(owner, name)

        @functools.wraps(function)
        def timed(*args, _function=function, _label=label, **kwargs):
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return _function(*args, **kwargs)
            finally:
                spent[_label][0] += time.perf_counter() - wall
                spent[_label][1] += time.process_time() - cpu

        setattr(owner, name, timed)


def _batch(batch: list[int], now, run: str) -> tuple[int, float, float]:
    """One batch task: digests queued, wall and CPU seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    digests = send_alert_batch(batch, now, run=run)
    return digests, time.perf_counter() - wall, time.process_time() - cpu


def _worker_batch(args: tuple) -> tuple[int, float, float]:
    return _batch(*args)


def _restore(saved: list[tuple[int, object]], started) -> None:
    """Undo the run: its deliveries, queued digests and their parts go, last-sent times come back.
    The deliveries table is analysed while it still holds the run's rows: a production table has
    statistics, and one analysed empty makes the planner scan it whole for each batch's deliveries
    (autovacuum, which would analyse it during the run, is off here)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE ats_alertdelivery")
    AlertDelivery.objects.filter(alert__email__endswith="@scale.invalid").delete()
    OutboxEmail.objects.filter(template="ats/email/alert_digest", created_at__gte=started).delete()
    OutboxPart.objects.filter(created_at__gte=started).delete()
    alerts = [JobAlert(pk=pk, last_sent_at=last) for pk, last in saved]
    JobAlert.objects.bulk_update(alerts, ["last_sent_at"], batch_size=5000)
    if connection.vendor == "postgresql":  # or the next run scans the deleted rows
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ats_alertdelivery")  # keeps the statistics taken above
            cursor.execute("VACUUM ANALYZE cms_outboxemail, cms_outboxpart, ats_jobalert")
    try:
        from cms.celery import app

        app.control.purge()  # the send tasks the run enqueued (nobody consumes the bench's queue)
    except Exception:  # noqa: S110 (no broker: nothing was enqueued)
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--alerts", type=int, default=100_000)
    parser.add_argument("--profile", action="store_true", help="cProfile one weekly batch instead")
    parser.add_argument("--phases", action="store_true", help="time each phase (one process)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes taking the batches")
    args = parser.parse_args()
    have = JobAlert.objects.filter(email__endswith="@scale.invalid").count()
    if have < args.alerts:
        print(f"making {args.alerts:,} alerts (and the seed_scale data)...")
        call_command("seed_scale", alerts=args.alerts)
    saved = list(JobAlert.objects.values_list("pk", "last_sent_at"))
    started = timezone.now()
    print(f"database: {connection.vendor}")
    try:
        if args.profile:
            now = timezone.now()
            ids = due_alert_ids(now)
            weekly = set(JobAlert.objects.filter(frequency="weekly").values_list("pk", flat=True))
            batch = next(b for b in batched(ids) if b[0] in weekly)
            profile = cProfile.Profile()
            profile.runcall(send_alert_batch, batch, now)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
            return
        if args.phases:
            _time_phases()
        start, cpu_start = time.perf_counter(), time.process_time()
        now = timezone.now()
        ids = due_alert_ids(now)
        found = time.perf_counter()
        batches = list(batched(ids))
        run = uuid.uuid4().hex  # as send_job_alerts: the batches share one load of the new jobs
        if args.workers > 1:
            connections.close_all()  # each worker process opens its own
            with multiprocessing.get_context("fork").Pool(args.workers) as pool:
                done = list(pool.imap_unordered(_worker_batch, [(b, now, run) for b in batches], chunksize=1))
        else:
            done = [_batch(batch, now, run) for batch in batches]
        digests = sum(d for d, _, _ in done)
        slowest = max(w for _, w, _ in done)
        workers_cpu = sum(c for _, _, c in done) if args.workers > 1 else 0.0
        end, cpu = time.perf_counter(), time.process_time() - cpu_start + workers_cpu
        deliveries = AlertDelivery.objects.filter(alert__email__endswith="@scale.invalid").count()
        queued = OutboxEmail.objects.filter(
            template="ats/email/alert_digest", created_at__gte=started
        ).count()
    finally:
        _restore(saved, started)
    total = end - start
    print(f"due alerts: {len(ids):,} in {len(batches):,} batches; found in {found - start:.2f} s")
    print(f"digests queued: {digests:,} ({queued:,} outbox rows), deliveries written: {deliveries:,}")
    print(f"slowest batch (match + write deliveries + queue digests, committed): {slowest:.2f} s")
    print(
        f"total, matched and queued: {total:.1f} s; per 100,000 due alerts {total * 100_000 / len(ids):.1f} s"
        "  (target < 60 s for 100,000)"
    )
    print(
        f"of which CPU in {'the workers' if args.workers > 1 else 'this process'}: {cpu:.1f} s"
        f" (the rest is the database, and waiting on a shared machine); workers: {args.workers}"
    )
    for label, (wall, cpu) in spent.items():
        print(f"  {label:<28} wall {wall:6.1f} s  CPU {cpu:6.1f} s")


if __name__ == "__main__":
    main()
