"""A task used only by the fault tests (loaded into the worker with --include): it records each
start, works slowly, and records its one effect with SETNX so a rerun does the work once."""

import time

import redis
from celery import shared_task


@shared_task(name="tests.slow_idempotent", acks_late=True)
def slow_idempotent(state_url: str, key: str, seconds: float) -> None:
    client = redis.Redis.from_url(state_url)
    client.incr(f"{key}:started")
    time.sleep(seconds)
    if client.setnx(f"{key}:effect", "done"):
        client.incr(f"{key}:effects")
