"""/healthz: does each part the site depends on answer? JSON, 200 or 503, never a stack trace."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from kombu import Connection

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_cache() -> str:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", 5)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return the value written")
    cache.delete(key)
    return "ok"


def check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager (no broker configured)"
    # Short socket timeouts as well as the connect timeout: a frozen Redis accepts the connection
    # and then never answers, and the check must still answer within a couple of seconds.
    options = {"max_retries": 0, "socket_connect_timeout": 1, "socket_timeout": 1}
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=1, transport_options=options) as conn:
        conn.ensure_connection(max_retries=0, timeout=1)
    return "ok"


def check_storage() -> str:
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        if not default_storage.exists(name):
            raise RuntimeError("stored file not found")
    finally:
        default_storage.delete(name)
    return "ok"


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "storage": check_storage,
}


@never_cache
def healthz(request):
    results: dict[str, str] = {}
    healthy = True
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # report, never raise: the endpoint must always answer
            logger.warning("Health check %s failed: %s", name, exc.__class__.__name__)
            results[name] = "unavailable"
            healthy = False
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": results}, status=200 if healthy else 503
    )
