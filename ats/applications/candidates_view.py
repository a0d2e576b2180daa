"""What a recruiter may see of a candidate: anonymised shortlisting hides identity until interview."""

from __future__ import annotations

from dataclasses import dataclass

from ats.applications.models import Application, ApplicationEvent
from ats.pipeline.status import IDENTITY_REVEALED_STAGES

HIDDEN = "Hidden until interview"


def identity_visible(application: Application) -> bool:
    """Names and contact details show unless the vacancy shortlists anonymously and the candidate
    has not reached the interview stage (once reached, they stay visible)."""
    if not application.vacancy.anonymised_shortlisting:
        return True
    return application.stage in IDENTITY_REVEALED_STAGES or application.interview_at is not None


def reference(application: Application) -> str:
    """A short, stable label for an application that reveals nothing: 'A-1B2C3D4E'."""
    return f"A-{application.public_id.hex[:8].upper()}"


@dataclass(frozen=True)
class CandidateCard:
    """The candidate as shown to a recruiter; personal fields are empty when hidden."""

    reference: str
    visible: bool
    name: str
    email: str
    phone: str
    postcode: str
    distance_miles: float | None

    @property
    def label(self) -> str:
        return self.name if self.visible and self.name else f"Candidate {self.reference}"


def candidate_card(application: Application) -> CandidateCard:
    snapshot = application.snapshot or {}
    visible = identity_visible(application)
    return CandidateCard(
        reference=reference(application),
        visible=visible,
        name=snapshot.get("name", "") if visible else "",
        email=snapshot.get("email", "") if visible else "",
        phone=snapshot.get("phone", "") if visible else "",
        postcode=snapshot.get("postcode", "") if visible else "",
        distance_miles=application.distance_miles,
    )


def history(application: Application) -> list[tuple[ApplicationEvent, str]]:
    """Each move of the application with who made it. The candidate's own moves (applying,
    withdrawing) say "the candidate", never their name or email."""
    rows = []
    for event in application.events.select_related("actor"):
        if event.actor_id is None:
            actor = "the candidate" if not event.from_stage else "the system"
        elif event.actor_id == application.candidate_id:
            actor = "the candidate"
        else:
            actor = str(event.actor)
        rows.append((event, actor))
    return rows
