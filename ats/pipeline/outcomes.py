"""Why applications were not progressed: each organisation's own list of reasons (a sensible
starting list, then theirs to change) and the report of outcomes in aggregate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q

from ats.organisations.models import Organisation
from ats.pipeline.moves import PipelineError
from ats.pipeline.outcome_models import RejectionOutcome, RejectionReason
from ats.pipeline.status import Stage

# Where an organisation's list starts; the last is the one used when a closed or filled job's
# remaining applicants are told.
CLOSED_REASON = "The job closed or its posts were filled"
DEFAULT_REASONS = (
    "Does not meet the essential criteria",
    "Not enough availability for the hours needed",
    "Too far from the work, or no transport",
    "Other applicants were a closer match",
    "Did not attend the interview",
    "Interview did not show the values we need",
    "Could not meet the pre-employment checks",
    CLOSED_REASON,
)
BEFORE_INTERVIEW = (Stage.APPLIED, Stage.SCREENING, Stage.SHORTLISTED)


def reasons_for(organisation: Organisation, *, archived: bool = False) -> list[RejectionReason]:
    """The organisation's reasons in its order (the starting list the first time it is asked)."""
    reasons = list(organisation.rejection_reasons.all())
    if not reasons:
        with transaction.atomic():
            RejectionReason.objects.bulk_create(
                [
                    RejectionReason(organisation=organisation, label=label, sort_order=n)
                    for n, label in enumerate(DEFAULT_REASONS)
                ],
                ignore_conflicts=True,
            )
        reasons = list(organisation.rejection_reasons.all())
    return [reason for reason in reasons if archived or not reason.archived]


def closed_reason(organisation: Organisation) -> RejectionReason | None:
    return next((r for r in reasons_for(organisation, archived=True) if r.label == CLOSED_REASON), None)


def add_reason(organisation: Organisation, label: str) -> RejectionReason:
    """Add a reason at the end of the list (or bring an archived one with that wording back)."""
    label = " ".join(label.split())
    if not label:
        raise PipelineError("Write the reason before adding it.")
    reasons_for(organisation)
    existing = organisation.rejection_reasons.filter(label__iexact=label).first()
    if existing is not None:
        if not existing.archived:
            raise PipelineError(f"“{existing.label}” is already on your list.")
        existing.archived = False
        existing.save(update_fields=["archived"])
        return existing
    last = organisation.rejection_reasons.aggregate(last=Max("sort_order"))["last"] or 0
    try:
        with transaction.atomic():
            return RejectionReason.objects.create(organisation=organisation, label=label, sort_order=last + 1)
    except IntegrityError as exc:
        raise PipelineError(f"“{label}” is already on your list.") from exc


def set_archived(reason: RejectionReason, archived: bool) -> RejectionReason:
    """Take a reason out of use (kept for the report of past outcomes), or back into use."""
    reason.archived = archived
    reason.save(update_fields=["archived"])
    return reason


@dataclass
class OutcomeRow:
    label: str
    before_interview: int
    after_interview: int

    @property
    def total(self) -> int:
        return self.before_interview + self.after_interview


def outcome_report(organisation: Organisation, *, since: datetime) -> list[OutcomeRow]:
    """How many applications to the organisation's vacancies were not progressed since `since`,
    for each reason (as worded then), before and after interview, most used first. One query."""
    rows = (
        RejectionOutcome.objects.filter(application__vacancy__organisation=organisation, at__gte=since)
        .values("reason_label")
        .annotate(
            before=Count("pk", filter=Q(from_stage__in=BEFORE_INTERVIEW)),
            after=Count("pk", filter=~Q(from_stage__in=BEFORE_INTERVIEW)),
        )
        .order_by()
    )
    report = [OutcomeRow(row["reason_label"], row["before"], row["after"]) for row in rows]
    return sorted(report, key=lambda row: (-row.total, row.label))
