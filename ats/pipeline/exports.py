"""CSV export of an organisation's own pipeline, anonymised where the vacancy says so: the same card
and answers (`application_sections`) as the application page."""

from __future__ import annotations

import csv
import io

from django.db.models import QuerySet

from ats.applications.answers import application_sections, knockout_flags
from ats.applications.candidates_view import candidate_card
from ats.applications.models import Application

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
    "Answers",
]


def pipeline_csv(applications: QuerySet[Application]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    applications = applications.select_related("vacancy__organisation").prefetch_related(
        "vacancy__screening_questions"
    )
    for application in applications.order_by("vacancy__title", "applied_at"):
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
                "; ".join(knockout_flags(application)),
                "\n".join(
                    f"{row.label}: {row.answer}"
                    for section in application_sections(application)
                    for row in section.rows
                ),
            ]
        )
    return out.getvalue()


def _safe(value: str) -> str:
    """Defuse spreadsheet formula injection: a cell starting with = + - @ is prefixed with '."""
    value = str(value)
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
