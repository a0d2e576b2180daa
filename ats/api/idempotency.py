"""Idempotent writes: a write sent with an `Idempotency-Key` header is done once per organisation
and key; sending it again (a retry after a lost answer) gets the first answer back, marked as a
replay. The same key with a different request is refused. The answer is stored in the write's own
transaction, so either both happen or neither; of two requests racing with one key, the second
finds the first's answer (the unique constraint decides). Answers that refused the write (422) are
not stored: nothing was done, so the corrected request may use the same key."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from ats.api.models import IdempotentRequest
from ats.organisations.models import Organisation

MAX_KEY_LENGTH = 255


class IdempotencyConflict(Exception):
    pass


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict
    replayed: bool = False


class _Raced(Exception):
    pass


def fingerprint(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(b"\n".join([method.encode(), path.encode(), body])).hexdigest()


def _replay(stored: IdempotentRequest, print_: str) -> Answer:
    if stored.fingerprint != print_:
        raise IdempotencyConflict(
            "This Idempotency-Key was used for a different request. Use a new key for a new request."
        )
    return Answer(stored.status_code, stored.response, replayed=True)


def once(
    organisation: Organisation, key: str | None, print_: str, write: Callable[[], tuple[int, dict]]
) -> Answer:
    """Run `write` (which returns status and body, or raises to refuse), at most once per key."""
    if not key:
        return Answer(*write())
    stored = IdempotentRequest.objects.filter(organisation=organisation, key=key).first()
    if stored is not None:
        return _replay(stored, print_)
    try:
        with transaction.atomic():
            status, body = write()
            try:
                with transaction.atomic():
                    IdempotentRequest.objects.create(
                        organisation=organisation,
                        key=key,
                        fingerprint=print_,
                        status_code=status,
                        response=body,
                    )
            except IntegrityError as exc:
                raise _Raced from exc
    except _Raced:
        return _replay(IdempotentRequest.objects.get(organisation=organisation, key=key), print_)
    return Answer(status, body)
