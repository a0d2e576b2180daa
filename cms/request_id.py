"""The id of the request being handled, for logs and error pages (cms.middleware.RequestIdMiddleware
sets it). Kept free of Django imports: the logging configuration loads `RequestIdLogFilter` before
the apps are ready."""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

current_request_id: ContextVar[str] = ContextVar("current_request_id", default="-")

# What an id from the proxy may look like (nginx's $request_id, a UUID, a load balancer's trace id):
# anything else (spaces, quotes, markup, very long) is replaced by an id of our own.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")


def request_id_from(header: str | None) -> str:
    """The proxy's id if it looks safe, otherwise a new one (32 hex digits)."""
    if header and SAFE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestIdLogFilter(logging.Filter):
    """Puts the current request's id on every log record as `request_id` ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        return True
