"""Equality monitoring: optional answers in their own table, reported only in aggregate.

No recruiter view reads EqualityResponse; `equality_report` counts answers and hides any count
below EQUALITY_REPORT_MIN_COUNT (and the total, if it is that small) so no one can be picked out.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count

from ats.models import ConsentRecord, EqualityResponse

SUPPRESSED = "fewer than {n}"


def save_equality_response(user, answers: dict, *, organisation=None, wording: str) -> EqualityResponse:
    response, _ = EqualityResponse.objects.update_or_create(
        user=user, defaults={**answers, **({"organisation": organisation} if organisation else {})}
    )
    ConsentRecord.objects.create(user=user, purpose=ConsentRecord.Purpose.EQUALITY, wording=wording)
    return response


def equality_report(responses=None) -> dict:
    """{"total": n or suppressed text, "questions": {field: [(label, count or suppressed)]}}."""
    minimum = settings.EQUALITY_REPORT_MIN_COUNT
    responses = EqualityResponse.objects.all() if responses is None else responses
    total = responses.count()
    hidden = SUPPRESSED.format(n=minimum)
    report: dict = {"total": total if total >= minimum else hidden, "questions": {}}
    if total < minimum:
        return report
    for name in EqualityResponse.REPORTED_FIELDS:
        field = EqualityResponse._meta.get_field(name)
        counts = dict(responses.values_list(name).annotate(n=Count("pk")).values_list(name, "n"))
        report["questions"][str(field.verbose_name)] = [
            (
                label,
                counts.get(value, 0)
                if counts.get(value, 0) >= minimum or counts.get(value, 0) == 0
                else hidden,
            )
            for value, label in field.choices
        ]
    return report
