"""The pipeline state machine: every legal and illegal move, events, conflicts."""

import threading
from itertools import pairwise

import pytest

from ats.models import ApplicationEvent
from ats.pipeline.moves import IllegalMove, MoveConflict, move_application
from ats.pipeline.status import ALLOWED_MOVES, OPEN_STAGES, TERMINAL_STAGES, Stage
from tests.factories import ApplicationFactory

LEGAL = sorted((a, b) for a, targets in ALLOWED_MOVES.items() for b in targets)
ILLEGAL = sorted((a, b) for a in Stage for b in Stage if b not in ALLOWED_MOVES[a])


def test_the_pipeline_runs_from_applied_to_hired():
    path = ["applied", "screening", "shortlisted", "interview", "offer", "checks", "hired"]
    for here, there in pairwise(path):
        assert there in ALLOWED_MOVES[here]
    assert {"hired", "rejected", "withdrawn"} == TERMINAL_STAGES


@pytest.mark.parametrize("stage", OPEN_STAGES)
def test_rejected_and_withdrawn_are_reachable_from_every_open_stage(stage):
    assert {"rejected", "withdrawn"} <= ALLOWED_MOVES[stage]


@pytest.mark.django_db
@pytest.mark.parametrize(("from_stage", "to_stage"), LEGAL)
def test_every_legal_move_changes_stage_sets_timestamp_and_writes_an_event(from_stage, to_stage, recruiter_a):
    application = ApplicationFactory(**({from_stage: True} if from_stage != "applied" else {}))

    reason = {"reason_detail": "Needs weekends off"} if to_stage == "rejected" else {}
    move_application(application, to_stage, by=recruiter_a, note="Checked references", **reason)

    assert application.stage == to_stage
    assert getattr(application, f"{to_stage}_at") is not None
    event = ApplicationEvent.objects.get(application=application)
    assert (event.from_stage, event.to_stage, event.actor, event.note) == (
        from_stage,
        to_stage,
        recruiter_a,
        "Checked references",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("from_stage", "to_stage"), ILLEGAL)
def test_every_illegal_move_is_refused_and_changes_nothing(from_stage, to_stage, recruiter_a):
    application = ApplicationFactory(**({from_stage: True} if from_stage != "applied" else {}))

    with pytest.raises(IllegalMove, match="cannot be moved"):
        move_application(application, to_stage, by=recruiter_a)

    application.refresh_from_db()
    assert application.stage == from_stage
    assert not ApplicationEvent.objects.filter(application=application).exists()


@pytest.mark.django_db
def test_a_stale_move_is_a_conflict_and_loses_nothing(recruiter_a, viewer_a):
    application = ApplicationFactory(screening=True)
    move_application(application, "shortlisted", by=recruiter_a, expected_stage="screening")

    with pytest.raises(
        MoveConflict, match="Someone else has already moved this application to “Shortlisted”"
    ):
        move_application(application, "rejected", by=viewer_a, expected_stage="screening")

    application.refresh_from_db()
    assert application.stage == "shortlisted"
    assert list(application.events.values_list("to_stage", flat=True)) == ["shortlisted"]


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_two_recruiters_moving_at_once_one_wins_the_other_gets_a_conflict(recruiter_a, viewer_a):
    application = ApplicationFactory(screening=True)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(user, to):
        from django.db import connection

        barrier.wait()
        try:
            move_application(
                application.__class__.objects.get(pk=application.pk),
                to,
                by=user,
                expected_stage="screening",
                reason_detail="Needs weekends off",
            )
            outcomes.append("moved")
        except MoveConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=attempt, args=(recruiter_a, "shortlisted")),
        threading.Thread(target=attempt, args=(viewer_a, "rejected")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["conflict", "moved"]
    application.refresh_from_db()
    assert application.events.count() == 1
    assert application.stage == application.events.get().to_stage
