"""What a recruiter may see of a candidate: anonymised shortlisting hides identity until interview."""

from __future__ import annotations

from dataclasses import dataclass

from ats.models import Application
from ats.status import IDENTITY_REVEALED_STAGES

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


# Snapshot keys never shown to recruiters while anonymised (identity, age, address) or ever (equality).
IDENTIFYING_KEYS = frozenset(
    {"name", "first_name", "last_name", "email", "phone", "postcode", "address", "date_of_birth", "age"}
)
EQUALITY_KEYS = frozenset(
    {
        "equality",
        "equality_monitoring",
        "ethnicity",
        "gender",
        "sex",
        "disability",
        "religion",
        "sexual_orientation",
    }
)


def visible_answers(application: Application) -> list[tuple[str, object]]:
    """The rest of the snapshot (answers, experience...) as label/value pairs a recruiter may read."""
    hidden = EQUALITY_KEYS | (set() if identity_visible(application) else IDENTIFYING_KEYS)
    already_shown = {"name", "email", "phone", "postcode"}
    return [
        (key.replace("_", " ").capitalize(), value)
        for key, value in (application.snapshot or {}).items()
        if key not in hidden and key not in already_shown
    ]
