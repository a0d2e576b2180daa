"""CSV export of an organisation's own pipeline, anonymised where the vacancy says so."""

from __future__ import annotations

import csv
import io

from django.db.models import QuerySet

from ats.models import Application
from ats.services.candidates_view import candidate_card

HEADER = [
    "Reference",
    "Vacancy",
    "Stage",
    "Applied",
    "Name",
    "Email",
    "Phone",
    "Postcode",
    "Distance (miles)",
    "Knock-out flags",
]


def pipeline_csv(applications: QuerySet[Application]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for application in applications.select_related("vacancy").order_by("vacancy__title", "applied_at"):
        card = candidate_card(application)
        writer.writerow(
            _safe(value)
            for value in [
                card.reference,
                application.vacancy.title,
                application.get_stage_display(),
                application.applied_at.date().isoformat() if application.applied_at else "",
                card.name,
                card.email,
                card.phone,
                card.postcode,
                "" if card.distance_miles is None else f"{card.distance_miles:.1f}",
                "; ".join(str(flag) for flag in application.knockout_flags or []),
            ]
        )
    return out.getvalue()


def _safe(value: str) -> str:
    """Defuse spreadsheet formula injection: a cell starting with = + - @ is prefixed with '."""
    value = str(value)
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
