"""The job search's vocabulary: the filters' choices, page size, the fields a card needs, hours bands,
and the shape of a search's results."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page
from django.db.models import (
    Q,
)

from ats.organisations.models import Organisation

# The filters' choices (the search form offers them; the facet counts count them).
MIN_PAY_CHOICES = ["12.21", "12.50", "13.00", "14.00", "15.00", "17.50", "20.00"]
HOURS_CHOICES = [("under_16", "Under 16 hours"), ("16_29", "16 to 29 hours"), ("30_plus", "30 hours or more")]
KIND_CHOICES = [
    (Organisation.Kind.PROVIDER.value, "Independent care provider"),
    (Organisation.Kind.VOLUNTARY.value, "Charity or voluntary sector"),
    (Organisation.Kind.COUNCIL_SERVICE.value, "Council care service"),
    (Organisation.Kind.ACADEMY.value, "Care academy"),
    (Organisation.Kind.NHS_TRUST.value, "NHS (Agenda for Change pay)"),
]

PAGE_SIZE = 20
FACET_CACHE_SECONDS = 30
# Columns a result card never shows: left out of the employer page's list (search_vector alone is large).
LIST_DEFERRED = [
    "description", "search_text", "search_vector", "organisation__description", "role__summary",
]  # fmt: skip
# What a job card (ats.jobs.cards, with describe_pay) reads: all a search result or similar job loads.
CARD_FIELDS = [
    "title", "slug", "contract", "pattern", "hours_per_week", "pay_period", "afc_band",
    "new_to_care_welcome", "visa_sponsorship", "hourly_pay_min", "hourly_pay_max", "annual_pay_min",
    "annual_pay_max", "pay_year", "latitude", "longitude", "closing_date",
    "organisation__name", "organisation__slug", "organisation__verified", "local_authority__name",
]  # fmt: skip
MAX_WORDS = 8
TOGGLES = {
    "no_driving": Q(driving_required=False),
    "sponsorship": Q(visa_sponsorship=True),
    "new_to_care": Q(new_to_care_welcome=True),
}
HOURS_Q = {
    "under_16": Q(hours_per_week__lt=16),
    "16_29": Q(hours_per_week__gte=16, hours_per_week__lt=30),
    "30_plus": Q(hours_per_week__gte=30),
}


def hours_bucket(hours: Decimal | None) -> str:
    """HOURS_Q's bucket for a job's hours a week ('' when not stated), for counting in Python."""
    if hours is None:
        return ""
    return "under_16" if hours < 16 else "16_29" if hours < 30 else "30_plus"


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResults:
    page: Page
    total: int
    facets: dict[str, list[FacetOption]] = field(default_factory=dict)
    toggle_counts: dict[str, int] = field(default_factory=dict)
    min_pay_counts: list[FacetOption] = field(default_factory=list)
    sort: str = "newest"
    searched_by_distance: bool = False
