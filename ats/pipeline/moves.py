"""Moving applications through the pipeline. Every move locks the row and writes an event."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from ats.applications.candidates_view import candidate_card
from ats.applications.models import Application, ApplicationEvent
from ats.jobs.models import Vacancy
from ats.pipeline import interviews
from ats.pipeline.messaging import send_message, stage_message
from ats.pipeline.models import MessageTemplate
from ats.pipeline.status import Stage, can_move, timestamp_field


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
) -> Application:
    """Move `application` to stage `to`.

    `expected_stage` is the stage the user saw when they chose the move; if the application has
    moved since, MoveConflict is raised and nothing changes. Raises IllegalMove for a move the
    state machine does not allow."""
    to = Stage(to)
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
        now = timezone.now()
        from_stage = locked.stage
        locked.stage = to
        setattr(locked, timestamp_field(to), now)
        locked.save(update_fields=["stage", timestamp_field(to), "updated_at"])
        ApplicationEvent.objects.create(
            application=locked, from_stage=from_stage, to_stage=to, actor=by, note=note, email_sent=email_sent
        )
    application.refresh_from_db()
    return application


# Moving applications from the portal: one at a time or in bulk, with the candidate emailed.
# Offer and hire need their own forms (offer terms, completed checks); they are not plain moves.
SPECIAL_STAGES = frozenset({Stage.OFFER, Stage.HIRED})


def move_and_notify(
    application: Application,
    to: str,
    *,
    by,
    expected_stage: str | None,
    note: str = "",
    notify: bool = False,
    template: MessageTemplate | None = None,
) -> Application:
    """Move one application; email the candidate when asked (and always invite them to book an
    interview when the move is to the interview stage). Raises PipelineError."""
    if to in SPECIAL_STAGES:
        raise PipelineError(f"Use the “{Stage(to).label}” form on the application page for this step.")
    with transaction.atomic():
        message = stage_message(template, to) if notify else None
        move_application(
            application, to, by=by, note=note, expected_stage=expected_stage, email_sent=bool(message)
        )
        if message:
            send_message(application, subject=message[0], body=message[1])
        if to == Stage.INTERVIEW:
            interviews.invite_to_interview(application)
    return application


@dataclass
class BulkResult:
    moved: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{len(self.moved)} moved"
        if self.failed:
            reasons = "; ".join(f"{label}: {reason}" for label, reason in self.failed)
            text += f", {len(self.failed)} could not be moved: {reasons}"
        return text + "."


def bulk_move(
    vacancy: Vacancy,
    items: list[tuple[str, str]],
    to: str,
    *,
    by,
    notify: bool = False,
    template: MessageTemplate | None = None,
    note: str = "",
) -> BulkResult:
    """Move each (public_id, stage the user saw) of `vacancy` to `to`. Each application moves or
    fails on its own; the result says which and why."""
    result = BulkResult()
    by_id = {
        str(app.public_id): app
        for app in vacancy.applications.select_related("vacancy__organisation").filter(
            public_id__in=[public_id for public_id, _ in items]
        )
    }
    for public_id, expected_stage in items:
        application = by_id.get(public_id)
        if application is None:
            result.failed.append((public_id[:8], "not an application to this vacancy"))
            continue
        label = candidate_card(application).label
        try:
            move_and_notify(
                application,
                to,
                by=by,
                expected_stage=expected_stage,
                note=note,
                notify=notify,
                template=template,
            )
        except PipelineError as exc:
            result.failed.append((label, str(exc)))
        else:
            result.moved.append(label)
    return result
