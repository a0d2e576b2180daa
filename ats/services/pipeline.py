"""Moving applications through the pipeline. Every move locks the row and writes an event."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ats.models import Application, ApplicationEvent
from ats.status import Stage, can_move, timestamp_field


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
