"""Whose turn each pre-employment check is: the candidate's, a referee's, the employer's or a third
party's (DBS, a GP, a training provider), since when, and what happens next. The checklist opens
with the first step of each check; recruiters move the turn on (ats.pipeline.offers.update_check),
and references move it themselves as referees are asked and answer."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from ats.pipeline.models import CheckEvent, CheckItem
from ats.pipeline.status import Stage

Turn = CheckItem.Turn
Kind = CheckItem.Kind

# Where each check starts when the offer opens the checklist.
FIRST_STEPS: dict[str, tuple[str, str]] = {
    Kind.RIGHT_TO_WORK: (
        Turn.CANDIDATE,
        "Candidate sends a right to work share code or brings their documents",
    ),
    Kind.DBS: (
        Turn.CANDIDATE,
        "Candidate fills in the DBS application, or gives their update service number",
    ),
    Kind.REFERENCE_1: (Turn.CANDIDATE, "Candidate gives a referee"),
    Kind.REFERENCE_2: (Turn.CANDIDATE, "Candidate gives a referee"),
    Kind.HEALTH: (Turn.CANDIDATE, "Candidate fills in the health declaration"),
    Kind.CARE_CERTIFICATE: (Turn.CANDIDATE, "Candidate shows their Care Certificate, or is booked on it"),
}
REFEREE_ASKED = "Referee answers the reference form (reminded automatically)"
REFERENCE_ARRIVED = "Read the reference and record whether it is satisfactory"


def first_step(kind: str) -> dict:
    turn, next_step = FIRST_STEPS.get(kind, (Turn.EMPLOYER, ""))
    return {"turn": turn, "next_step": next_step, "turn_since": timezone.now()}


def set_turn(check: CheckItem, turn: str, next_step: str, *, by=None) -> CheckItem:
    """Hand a check to `turn` with its next step, in the check's history. No change, no event."""
    with transaction.atomic():
        locked = CheckItem.objects.select_for_update().get(pk=check.pk)
        if locked.is_done or (locked.turn, locked.next_step) == (turn, next_step):
            return locked
        changes = []
        if locked.turn != turn:
            changes.append(["whose turn", locked.get_turn_display(), Turn(turn).label])
            locked.turn, locked.turn_since = turn, timezone.now()
        if locked.next_step != next_step:
            changes.append(["what happens next", locked.next_step, next_step])
            locked.next_step = next_step
        locked.save(update_fields=["turn", "turn_since", "next_step"])
        CheckEvent.objects.create(check_item=locked, actor=by, changes=changes)
    return locked


def stuck_checks(checks: QuerySet[CheckItem], *, turn: str = "") -> QuerySet[CheckItem]:
    """Checks still outstanding on live offers, the longest waiting first (`checks` is already
    scoped to the user: ats.organisations.permissions.checks_for)."""
    stuck = checks.filter(
        status=CheckItem.Status.OUTSTANDING, application__stage__in=(Stage.OFFER, Stage.CHECKS)
    )
    if turn:
        stuck = stuck.filter(turn=turn)
    return stuck.select_related("application__vacancy__organisation").order_by("turn_since", "pk")
