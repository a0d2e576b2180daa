"""Moving applications through the pipeline. Every move locks the row and writes an event."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from ats.applications.models import Application, ApplicationEvent
from ats.pipeline import interviews
from ats.pipeline.messaging import Sent, not_progressed_message, send_message, stage_message
from ats.pipeline.models import Interview, MessageTemplate
from ats.pipeline.outcome_models import RejectionOutcome, RejectionReason
from ats.pipeline.status import Stage, can_move, timestamp_field
from cms.models import OutboxEmail


class PipelineError(Exception):
    """A move that cannot happen; the message is shown to the user."""


class IllegalMove(PipelineError):
    pass


class MoveConflict(PipelineError):
    """Someone else moved the application since the user loaded it."""


def move_application(
    application: Application,
    to: str,
    *,
    by,
    note: str = "",
    expected_stage: str | None = None,
    email_sent: bool = False,
    reason: RejectionReason | None = None,
    reason_detail: str = "",
) -> ApplicationEvent:
    """Move `application` to stage `to`; returns the event written.

    `expected_stage` is the stage the user saw when they chose the move; if the application has
    moved since, MoveConflict is raised and nothing changes. Raises IllegalMove for a move the
    state machine does not allow. Every "not progressed" records why: one of the organisation's
    reasons, or words of the recruiter's own (`reason_detail`), or both; neither is a
    PipelineError."""
    to = Stage(to)
    reason_detail = reason_detail.strip()
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if expected_stage is not None and locked.stage != expected_stage:
            raise MoveConflict(
                f"Someone else has already moved this application to "
                f"“{Stage(locked.stage).label}”. Nothing was changed: check it and try again."
            )
        if not can_move(locked.stage, to):
            raise IllegalMove(
                f"An application at “{Stage(locked.stage).label}” cannot be moved to “{to.label}”."
            )
        if to == Stage.REJECTED:
            if reason is None and not reason_detail:
                raise PipelineError(
                    "Choose why the application is not progressing, or say why in your own words."
                )
            if reason is not None and reason.organisation_id != application.vacancy.organisation_id:
                raise PipelineError("That reason is not one of this organisation's.")
        now = timezone.now()
        from_stage = locked.stage
        locked.stage = to
        setattr(locked, timestamp_field(to), now)
        locked.save(update_fields=["stage", timestamp_field(to), "updated_at"])
        event = ApplicationEvent.objects.create(
            application=locked, from_stage=from_stage, to_stage=to, actor=by, note=note, email_sent=email_sent
        )
        if to == Stage.REJECTED:
            RejectionOutcome.objects.create(
                event=event,
                application=locked,
                reason=reason,
                reason_label=reason.label if reason else "Other",
                detail=reason_detail,
                from_stage=from_stage,
            )
    application.refresh_from_db()
    return event


def undo_move(event: ApplicationEvent, *, by, note: str) -> ApplicationEvent | None:
    """Put an application back where `event` found it, if nothing has happened to it since (the
    event is still its latest and it is still at the stage the event moved it to). The one way
    back out of a terminal stage, used only inside a bulk move's undo window; the undo is itself
    an event, and the move's rejection outcome (if any) is forgotten. Returns the new event, or
    None when the application has moved on."""
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=event.application_id)
        latest = locked.events.order_by("-at", "-pk").values_list("pk", flat=True).first()
        if locked.stage != event.to_stage or latest != event.pk:
            return None
        locked.stage = event.from_stage
        setattr(locked, timestamp_field(event.to_stage), None)
        locked.save(update_fields=["stage", timestamp_field(event.to_stage), "updated_at"])
        RejectionOutcome.objects.filter(event=event).delete()
        return ApplicationEvent.objects.create(
            application=locked, from_stage=event.to_stage, to_stage=event.from_stage, actor=by, note=note
        )


# Moving applications from the portal: one at a time or in bulk, with the candidate emailed.
# Offer and hire need their own forms (offer terms, completed checks); they are not plain moves.
SPECIAL_STAGES = frozenset({Stage.OFFER, Stage.HIRED})


@dataclass
class Moved:
    """What one move did: its event, and the emails it queued (held until `send_at`, if any)."""

    event: ApplicationEvent
    sent: list[Sent] = field(default_factory=list)
    interview: Interview | None = None
    invite_email: OutboxEmail | None = None


def move_and_notify(
    application: Application,
    to: str,
    *,
    by,
    expected_stage: str | None,
    note: str = "",
    notify: bool = False,
    template: MessageTemplate | None = None,
    reason: RejectionReason | None = None,
    reason_detail: str = "",
    send_at: datetime | None = None,
    closed: bool = False,
) -> Moved:
    """Move one application; email the candidate when asked (and always invite them to book an
    interview when the move is to the interview stage). "Not progressed" without a template of the
    organisation's own sends the standard kind email. Emails wait until `send_at` when given
    (a bulk move's undo window). Raises PipelineError."""
    if to in SPECIAL_STAGES:
        raise PipelineError(f"Use the “{Stage(to).label}” form on the application page for this step.")
    with transaction.atomic():
        message = None
        if notify:
            if template is None and to == Stage.REJECTED:
                message = (*not_progressed_message(application, closed=closed), False)
            elif found := stage_message(template, to):
                message = (*found, True)
        event = move_application(
            application,
            to,
            by=by,
            note=note,
            expected_stage=expected_stage,
            email_sent=bool(message),
            reason=reason,
            reason_detail=reason_detail,
        )
        moved = Moved(event)
        if message:
            sent = send_message(
                application, subject=message[0], body=message[1], send_at=send_at, placeholders=message[2]
            )
            if sent:
                moved.sent.append(sent)
        if to == Stage.INTERVIEW:
            moved.interview, moved.invite_email = interviews.invite_to_interview(application, send_at=send_at)
    return moved
