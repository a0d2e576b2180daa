"""Bulk moves made safe: a plan to confirm first (how many move, how many people are emailed), then
the moves with their emails held back for an undo window, and the undo itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ats.applications.candidates_view import candidate_card
from ats.applications.models import Application, CandidateMessage
from ats.jobs.models import Vacancy
from ats.pipeline.messaging import candidate_email
from ats.pipeline.models import Interview, MessageTemplate
from ats.pipeline.moves import SPECIAL_STAGES, PipelineError, move_and_notify, undo_move
from ats.pipeline.outcome_models import BulkAction, ClosureNotice, RejectionReason
from ats.pipeline.status import Stage, can_move
from cms.models import OutboxEmail


@dataclass
class BulkPlan:
    """What a bulk move would do, for the confirmation page. Nothing has changed yet."""

    to: str
    movable: list[tuple[Application, str]] = field(default_factory=list)  # (application, label)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (label, why)
    emailed: int = 0
    no_address: int = 0


def plan_bulk_move(vacancy: Vacancy, items: list[tuple[str, str]], to: str, *, notify: bool) -> BulkPlan:
    """Which of (public_id, stage the user saw) of `vacancy` can move to `to`, and how many
    candidates would be emailed (everyone moved to interview is invited to book)."""
    plan = BulkPlan(to=to)
    by_id = {
        str(application.public_id): application
        for application in vacancy.applications.filter(public_id__in=[public_id for public_id, _ in items])
    }
    emails = notify or to == Stage.INTERVIEW
    for public_id, expected_stage in items:
        application = by_id.get(public_id)
        if application is None:
            plan.refused.append((public_id[:8], "not an application to this vacancy"))
            continue
        application.vacancy = vacancy  # saves a query per row
        label = candidate_card(application).label
        if application.stage != expected_stage:
            plan.refused.append((label, f"already moved to “{application.get_stage_display()}”"))
        elif to in SPECIAL_STAGES or not can_move(application.stage, to):
            plan.refused.append((label, f"cannot move from “{application.get_stage_display()}”"))
        else:
            plan.movable.append((application, label))
            if emails:
                if candidate_email(application):
                    plan.emailed += 1
                else:
                    plan.no_address += 1
    return plan


@dataclass
class BulkResult:
    moved: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    action: BulkAction | None = None
    emailed: int = 0

    def summary(self) -> str:
        text = f"{len(self.moved)} moved"
        if self.failed:
            reasons = "; ".join(f"{label}: {reason}" for label, reason in self.failed)
            text += f", {len(self.failed)} could not be moved: {reasons}"
        return text + "."


def undo_minutes() -> int:
    return settings.BULK_UNDO_MINUTES


def bulk_move(
    vacancy: Vacancy,
    items: list[tuple[str, str]],
    to: str,
    *,
    by,
    notify: bool = False,
    template: MessageTemplate | None = None,
    note: str = "",
    reason: RejectionReason | None = None,
    reason_detail: str = "",
    closure: ClosureNotice | None = None,
) -> BulkResult:
    """Move each (public_id, stage the user saw) of `vacancy` to `to`. Each application moves or
    fails on its own; the result says which and why. The emails wait for the undo window
    (settings.BULK_UNDO_MINUTES); the BulkAction returned can undo the lot until then."""
    plan = plan_bulk_move(vacancy, items, to, notify=notify)
    result = BulkResult(failed=list(plan.refused))
    send_at = timezone.now() + timedelta(minutes=undo_minutes())
    action = BulkAction.objects.create(
        vacancy=vacancy, by=by, to_stage=to, undo_until=send_at, closure=closure
    )
    events, email_ids, message_ids = [], [], []
    for application, label in plan.movable:
        try:
            moved = move_and_notify(
                application,
                to,
                by=by,
                expected_stage=application.stage,
                note=note,
                notify=notify,
                template=template,
                reason=reason,
                reason_detail=reason_detail,
                send_at=send_at,
                closed=closure is not None,
            )
        except PipelineError as exc:
            result.failed.append((label, str(exc)))
            continue
        result.moved.append(label)
        events.append(moved.event)
        for sent in moved.sent:
            email_ids.append(sent.email.pk)
            if sent.copy is not None:
                message_ids.append(sent.copy.pk)
        if moved.invite_email is not None:
            email_ids.append(moved.invite_email.pk)
    if not events:
        action.delete()
        return result
    action.events.set(events)
    action.email_ids, action.message_ids = email_ids, message_ids
    action.save(update_fields=["email_ids", "message_ids"])
    result.action, result.emailed = action, len(email_ids)
    return result


def undoable_actions(vacancy: Vacancy):
    """Bulk moves on `vacancy` still inside their undo window, newest first."""
    return vacancy.bulk_actions.filter(undone_at=None, undo_until__gt=timezone.now())


def undo_bulk_action(action: BulkAction, *, by) -> int:
    """Cancel a bulk move's emails and put its applications back, if its window is still open.
    An application someone has moved again since stays where it is. Returns how many were put
    back; raises PipelineError when it is too late or already undone."""
    with transaction.atomic():
        locked = BulkAction.objects.select_for_update().get(pk=action.pk)
        if locked.undone_at is not None:
            raise PipelineError("This bulk move has already been undone.")
        if timezone.now() >= locked.undo_until:
            raise PipelineError("It is too late to undo this bulk move: its emails have been sent.")
        # Locked against the outbox sweep: an email it is sending now cannot be cancelled.
        pending = list(
            OutboxEmail.objects.select_for_update()
            .filter(pk__in=locked.email_ids, sent_at=None, handed_over_at=None)
            .values_list("pk", flat=True)
        )
        OutboxEmail.objects.filter(pk__in=pending).delete()
        CandidateMessage.objects.filter(pk__in=locked.message_ids).delete()
        restored = 0
        stage = Stage(locked.to_stage).label
        for event in locked.events.all():
            if undo_move(event, by=by, note=f"Undone: the bulk move to “{stage}”"):
                restored += 1
                if locked.to_stage == Stage.INTERVIEW:
                    Interview.objects.filter(
                        application_id=event.application_id,
                        status=Interview.Status.INVITED,
                        invited_at__gte=locked.created_at,
                    ).delete()
        if locked.closure_id:
            ClosureNotice.objects.filter(pk=locked.closure_id).update(sent_at=None, told=0)
        locked.undone_at, locked.undone_by = timezone.now(), by
        locked.save(update_fields=["undone_at", "undone_by"])
    return restored
