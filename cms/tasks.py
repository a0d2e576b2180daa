"""Tasks shared by the whole project."""

from __future__ import annotations

import logging
import time

from celery import shared_task

from django.db import transaction

logger = logging.getLogger(__name__)


@shared_task(name="cms.ping")
def ping(value: str = "pong") -> str:
    """Round trip through broker and worker; used by the health check tests."""
    return value


# A request publishes with short socket timeouts and no publish retry (the worker keeps the
# settings' longer ones, as it blocks on the queue), and after a failure it does not try the broker
# again for BROKER_RETRY_AFTER seconds: a frozen broker costs one request about a second, not every
# request ten. The row that drives the task is already stored; the periodic sweep sends it.
PUBLISH_TIMEOUT_SECONDS = 1
PUBLISH_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": PUBLISH_TIMEOUT_SECONDS,
    "socket_timeout": PUBLISH_TIMEOUT_SECONDS,
    "max_retries": 0,
}
BROKER_RETRY_AFTER = 10.0
resting_until: dict[str, float] = {}  # broker URL -> monotonic time it may be tried again


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Enqueue a Celery task once the current transaction commits.

    The record that drives the task is already in the database, so a broker that is down only
    delays the work: the failure is logged and a periodic task (or a retry) picks it up later.
    """

    def _send() -> None:
        if task.app.conf.task_always_eager:  # no broker: the task runs here (demo, tests)
            try:
                task.apply_async(args=args, kwargs=kwargs)
            except Exception:  # the row stays; the sweep will retry it
                logger.warning("Could not enqueue %s; it will be retried by the periodic sweep", task.name)
            return
        broker = task.app.conf.broker_write_url
        if time.monotonic() < resting_until.get(broker, 0.0):
            logger.info("Broker resting after a failure; %s is left for the periodic sweep", task.name)
            return
        try:
            with task.app.connection_for_write(
                connect_timeout=PUBLISH_TIMEOUT_SECONDS, transport_options=PUBLISH_TRANSPORT_OPTIONS
            ) as connection:
                # Nothing waits for the result, so the request does not subscribe to it on the
                # result backend either (with Redis down that subscription retries for ~20 s).
                task.apply_async(
                    args=args, kwargs=kwargs, ignore_result=True, connection=connection, retry=False
                )
        except Exception:  # broker down or unreachable: the row stays, the sweep will send it
            resting_until[broker] = time.monotonic() + BROKER_RETRY_AFTER
            logger.warning("Could not enqueue %s; it will be retried by the periodic sweep", task.name)

    transaction.on_commit(_send)


@shared_task(name="cms.send_outbox_email", acks_late=True)
def send_outbox_email(email_id: int) -> bool:
    from cms.email import send_outbox

    return send_outbox(email_id)


@shared_task(name="cms.send_outbox_emails", acks_late=True)
def send_outbox_emails(email_ids: list[int]) -> int:
    """Send a batch queued together (a run of job alert digests); returns how many were sent."""
    from cms.email import send_outbox

    return sum(1 for email_id in email_ids if send_outbox(email_id))


@shared_task(name="cms.drain_outbox")
def drain_outbox() -> int:
    """Periodic sweep: send every due email (those whose enqueue failed, or that are retrying)."""
    from cms.email import due_email_ids, send_outbox

    return sum(1 for email_id in due_email_ids() if send_outbox(email_id))


@shared_task(name="cms.purge_outbox")
def purge_outbox() -> dict:
    """Daily: forget sent emails after OUTBOX_KEEP_DAYS and the shared parts nothing refers to."""
    from cms.email import purge_outbox as purge

    emails, parts = purge()
    return {"emails": emails, "parts": parts}
