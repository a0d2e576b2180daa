"""The filters' counts (facets): how many live jobs each choice would show, counted in one query
(on SQLite the queryset of `facet_rows`, on PostgreSQL the statement of `search_sql`)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from ats.jobs.models import Vacancy
from ats.jobs.search_filters import FACET_SETS, FAILS_TWO, failing_filter
from ats.jobs.search_terms import (
    HOURS_CHOICES,
    KIND_CHOICES,
    MIN_PAY_CHOICES,
    TOGGLES,
    FacetOption,
    hours_bucket,
)
from ats.organisations.models import Organisation


def pay_thresholds(criteria: dict) -> list[Decimal]:
    """The minimum-pay choices and the chosen amount (a bookmarked search may hold another), lowest
    first: each job is counted at the highest one its top hourly pay reaches."""
    chosen = Decimal(criteria["min_pay"]) if criteria.get("min_pay") else None
    return sorted({Decimal(a) for a in MIN_PAY_CHOICES} | ({chosen} if chosen else set()))


def facet_rows(
    matching: QuerySet, queries: dict[str, Q], criteria: dict
) -> list[tuple[frozenset[str], dict]]:
    """(columns the row counts for, row) for each group of matching jobs, grouped by every facet
    column at once: the counts as ordinary querysets say them (SQLite; on PostgreSQL
    `search_sql.facet_rows` counts them in one statement with GROUPING SETS)."""
    thresholds = pay_thresholds(criteria)
    pay_level = Case(
        *[When(hourly_pay_max__gte=t, then=Value(i)) for i, t in reversed(list(enumerate(thresholds)))],
        default=Value(-1),
        output_field=IntegerField(),
    )
    columns = [column for group in FACET_SETS for column in group]
    groups = (
        matching.order_by()
        .annotate(
            pl=pay_level,
            afc=Case(When(afc_band="", then=Value(0)), default=Value(1)),
            fails=failing_filter(queries),
        )
        .values("fails", *columns)
        .annotate(n=Count("pk"))
    )
    everything = frozenset(columns)
    return [(everything, row) for row in groups]


def facet_counts(
    groups: list[tuple[frozenset[str], dict]], filters: list[str], criteria: dict, form
) -> tuple[dict, dict, list, int]:
    """Every facet's counts and the total, added up from the groups of matching jobs that
    `facet_rows` (or on PostgreSQL `search_sql.facet_rows`) found: each group's columns and `fails`,
    which chosen filter (by its place in `filters`, from 1) a job fails, PASSES when none.

    A job failing two or more counts nowhere, a job failing none counts everywhere, a job failing
    exactly one counts only towards that facet's options (GOV.UK finder style: a facet's counts
    ignore its own choice)."""
    chosen_pay = Decimal(criteria["min_pay"]) if criteria.get("min_pay") else None
    thresholds = pay_thresholds(criteria)
    counters: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    total = 0
    keys = {
        "role": "role_id", "setting": "setting", "contract": "contract", "pattern": "pattern",
        "area": "local_authority_id",
    }  # fmt: skip
    toggle_columns = {"no_driving": "driving_required", "sponsorship": "visa_sponsorship", "new_to_care": "new_to_care_welcome"}  # fmt: skip
    failed = [None, *filters]  # by `fails`: None when passing every filter, else the one it fails
    keys_of: dict[frozenset, list] = {}  # the facets of `keys` a set of columns counts for
    for counted, row in groups:
        if row["fails"] == FAILS_TWO:
            continue
        only, n = failed[row["fails"]], row["n"]
        if only is None and "role_id" in counted:
            total += n
        if (counted_keys := keys_of.get(counted)) is None:
            counted_keys = keys_of[counted] = [(f, k) for f, k in keys.items() if k in counted]
        for facet, key in counted_keys:
            if only in (None, facet):
                counters[facet][row[key]] += n
        if "hours_per_week" in counted and only in (None, "hours"):
            counters["hours"][hours_bucket(row["hours_per_week"])] += n
        if "organisation_kind" in counted and only in (None, "kind"):
            counters["kind"][row["organisation_kind"]] += n
            if row["afc"] and row["organisation_kind"] != Organisation.Kind.NHS_TRUST:
                counters["kind"][Organisation.Kind.NHS_TRUST] += n
        if "pl" in counted and only in (None, "min_pay"):
            for level in range(row["pl"] + 1):
                counters["pay"][level] += n
        for name, column in toggle_columns.items():
            if column in counted and only in (None, name) and row[column] == (name != "no_driving"):
                counters["toggles"][name] += n

    def options(choices, counts, selected) -> list[FacetOption]:
        selected = [str(v) for v in selected]
        return [
            FacetOption(str(value), label, counts.get(key, 0), str(value) in selected)
            for key, value, label in choices
            if counts.get(key, 0) or str(value) in selected
        ]

    facets = {
        "role": options([(r.pk, r.slug, r.name) for r in form.roles], counters["role"], criteria.get("role", [])),
        "setting": options([(v, v, lbl) for v, lbl in Vacancy.Setting.choices], counters["setting"], criteria.get("setting", [])),
        "contract": options([(v, v, lbl) for v, lbl in Vacancy.Contract.choices], counters["contract"], criteria.get("contract", [])),
        "pattern": options([(v, v, lbl) for v, lbl in Vacancy.Pattern.choices], counters["pattern"], criteria.get("pattern", [])),
        "hours": options([(v, v, lbl) for v, lbl in HOURS_CHOICES], counters["hours"], criteria.get("hours", [])),
        "kind": options([(v, v, lbl) for v, lbl in KIND_CHOICES], counters["kind"], criteria.get("kind", [])),
        "area": options([(a.pk, a.slug, a.name) for a in form.areas], counters["area"], criteria.get("area", [])),
    }  # fmt: skip
    toggle_counts = {name: counters["toggles"][name] for name in TOGGLES}
    pay_options = [
        FacetOption(
            amount,
            f"£{Decimal(amount):.2f} an hour or more",
            counters["pay"][thresholds.index(Decimal(amount))],
            chosen_pay is not None and chosen_pay == Decimal(amount),
        )
        for amount in MIN_PAY_CHOICES
    ]
    return facets, toggle_counts, pay_options, total
