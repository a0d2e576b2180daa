"""Equality monitoring: optional answers in their own table, reported only in aggregate.

No recruiter view reads EqualityResponse; `equality_report` counts answers and hides any count
below EQUALITY_REPORT_MIN_COUNT (and the total, if it is that small) so no one can be picked out.
When a question would have exactly one hidden count, the next smallest count is hidden too, or the
hidden one could be worked out by subtracting the others from the total ("secondary suppression").
Reports are for regional admins (the whole region) and organisation admins (people who applied to
their organisation); see ats/privacy/views/equality_report.py.
"""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from ats.applications.models import Application, ConsentRecord, EqualityResponse
from ats.organisations.models import Organisation

SUPPRESSED = "fewer than {n}"


def save_equality_response(user, answers: dict, *, organisation=None, wording: str) -> EqualityResponse:
    response, _ = EqualityResponse.objects.update_or_create(
        user=user, defaults={**answers, **({"organisation": organisation} if organisation else {})}
    )
    ConsentRecord.objects.create(user=user, purpose=ConsentRecord.Purpose.EQUALITY, wording=wording)
    return response


def responses_for_organisation(organisation: Organisation) -> QuerySet[EqualityResponse]:
    """Answers of people who applied to the organisation (or answered on its application form)."""
    applicants = Application.objects.filter(
        vacancy__organisation=organisation, candidate__isnull=False
    ).values("candidate_id")
    return EqualityResponse.objects.filter(Q(organisation=organisation) | Q(user_id__in=applicants))


def suppress(counts: list[int], minimum: int) -> list[int | str]:
    """Counts from 1 to minimum - 1 become "fewer than N". If that hides exactly one, the smallest
    other non-zero count is hidden too, so the hidden one cannot be found by subtraction."""
    hidden = [0 < count < minimum for count in counts]
    if sum(hidden) == 1:
        others = [i for i, count in enumerate(counts) if count and not hidden[i]]
        if others:
            hidden[min(others, key=lambda i: counts[i])] = True
    text = SUPPRESSED.format(n=minimum)
    return [text if hide else count for count, hide in zip(counts, hidden, strict=True)]


def equality_report(responses=None) -> dict:
    """{"total": n or suppressed text, "questions": {question: [(answer, count or suppressed)]}}.
    Nothing but counts: never a row, never a name."""
    minimum = settings.EQUALITY_REPORT_MIN_COUNT
    responses = EqualityResponse.objects.all() if responses is None else responses
    total = responses.count()
    report: dict = {"total": total if total >= minimum else SUPPRESSED.format(n=minimum), "questions": {}}
    if total < minimum:
        return report
    for name in EqualityResponse.REPORTED_FIELDS:
        field = EqualityResponse._meta.get_field(name)
        counts = dict(responses.order_by().values_list(name).annotate(n=Count("pk")).values_list(name, "n"))
        shown = suppress([counts.get(value, 0) for value, _label in field.choices], minimum)
        report["questions"][str(field.verbose_name)] = [
            (str(label), count) for (_value, label), count in zip(field.choices, shown, strict=True)
        ]
    return report


def equality_report_csv(report: dict, *, scope: str) -> str:
    """The same aggregates as the page, as CSV: question, answer, number of people."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Question", "Answer", "Number of people"])
    writer.writerow(["Everyone who answered", scope, report["total"]])
    for question, rows in report["questions"].items():
        for answer, count in rows:
            writer.writerow([question, answer, count])
    return buffer.getvalue()
