"""Helpers for tests of bulk moves: their emails wait out the undo window in the outbox."""

from datetime import timedelta

import time_machine

from django.conf import settings
from django.utils import timezone

from cms.tasks import drain_outbox


def send_held_emails() -> int:
    """Run the outbox sweep once the undo window has passed (what beat does every minute)."""
    with time_machine.travel(timezone.now() + timedelta(minutes=settings.BULK_UNDO_MINUTES, seconds=1)):
        return drain_outbox()
