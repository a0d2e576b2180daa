"""The application pipeline as an explicit state machine: stages, allowed moves, terminal stages."""

from __future__ import annotations

from django.db import models


class Stage(models.TextChoices):
    APPLIED = "applied", "Applied"
    SCREENING = "screening", "Screening"
    SHORTLISTED = "shortlisted", "Shortlisted"
    INTERVIEW = "interview", "Interview"
    OFFER = "offer", "Offer"
    CHECKS = "checks", "Pre-employment checks"
    HIRED = "hired", "Hired"
    REJECTED = "rejected", "Not progressed"
    WITHDRAWN = "withdrawn", "Withdrawn"


_FORWARD: dict[str, set[str]] = {
    Stage.APPLIED: {Stage.SCREENING, Stage.SHORTLISTED},
    Stage.SCREENING: {Stage.SHORTLISTED},
    Stage.SHORTLISTED: {Stage.INTERVIEW, Stage.SCREENING},
    Stage.INTERVIEW: {Stage.OFFER, Stage.SHORTLISTED},
    Stage.OFFER: {Stage.CHECKS},
    Stage.CHECKS: {Stage.HIRED},
    Stage.HIRED: set(),
    Stage.REJECTED: set(),
    Stage.WITHDRAWN: set(),
}

# Rejected and withdrawn are reachable from every open stage.
ALLOWED_MOVES: dict[str, frozenset[str]] = {
    stage: frozenset(targets | ({Stage.REJECTED, Stage.WITHDRAWN} if targets else set()))
    for stage, targets in _FORWARD.items()
}
TERMINAL_STAGES: frozenset[str] = frozenset(stage for stage, targets in ALLOWED_MOVES.items() if not targets)
OPEN_STAGES: tuple[str, ...] = tuple(stage for stage in Stage if stage not in TERMINAL_STAGES)
# Stages in which a recruiter sees the candidate's identity when a vacancy shortlists anonymously.
IDENTITY_REVEALED_STAGES: frozenset[str] = frozenset(
    {Stage.INTERVIEW, Stage.OFFER, Stage.CHECKS, Stage.HIRED}
)

# What a candidate reads on their dashboard for each stage.
CANDIDATE_WORDING: dict[str, str] = {
    Stage.APPLIED: "Your application has been sent",
    Stage.SCREENING: "The employer is reading your application",
    Stage.SHORTLISTED: "You have been shortlisted",
    Stage.INTERVIEW: "You have been invited to an interview",
    Stage.OFFER: "You have been offered the job, subject to checks",
    Stage.CHECKS: "The employer is doing pre-employment checks",
    Stage.HIRED: "You got the job",
    Stage.REJECTED: "The employer is not taking your application further",
    Stage.WITHDRAWN: "You withdrew your application",
}


def can_move(from_stage: str, to_stage: str) -> bool:
    return to_stage in ALLOWED_MOVES.get(from_stage, frozenset())


def timestamp_field(stage: str) -> str:
    """The `<stage>_at` field recording when an application entered `stage`."""
    return f"{stage}_at"
