"""Figures by council and care setting, month by month, for regional admins, council commissioners
and the open data download; and equality monitoring by stage reached. Aggregates only, computed in
the database (a fixed number of grouped queries, whatever the number of rows), and every count
from 1 to EQUALITY_REPORT_MIN_COUNT - 1 is shown as "fewer than N" (`suppressed`).

Each measure is counted in the month its event happened: applications by the month they were made,
hires by the month of the hire (time to fill: from the vacancy's publication to the hire), starts by
the start date, and "in post at 12 months" by the month the 12 months were up."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import TruncMonth

from ats.applications.models import Application, EqualityResponse
from ats.insight.models import Start, TenureCheck
from ats.jobs.models import Vacancy
from ats.pipeline.status import Stage
from ats.places.models import LocalAuthority
from ats.privacy.equality import SUPPRESSED, suppress

MEASURES = (
    ("applications", "Applications"),
    ("hires", "Hires"),
    ("days_to_fill", "Average days from advert to hire"),
    ("starts", "Started work"),
    ("in_post_12", "Still in post at 12 months"),
    ("left_12", "Left within 12 months"),
)
COUNTED = tuple(key for key, _label in MEASURES if key != "days_to_fill")
EQUALITY_STAGES = (Stage.APPLIED, Stage.SHORTLISTED, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED)


def minimum() -> int:
    return settings.EQUALITY_REPORT_MIN_COUNT


def suppressed(count: int) -> int | str:
    """A count as it may be shown: 1 to minimum - 1 becomes "fewer than N"."""
    return SUPPRESSED.format(n=minimum()) if 0 < count < minimum() else count


def _grouped(queryset: QuerySet, month_field: str, vacancy_path: str, **measures) -> list[dict]:
    return list(
        queryset.order_by()
        .annotate(month=TruncMonth(month_field))
        .values(
            "month",
            council=F(f"{vacancy_path}local_authority__ons_code"),
            setting=F(f"{vacancy_path}setting"),
        )
        .annotate(**measures)
    )


def monthly_figures(*, council: LocalAuthority | None = None, since: date | None = None) -> list[dict]:
    """[{"month": date, "council": ons code, "setting": value, measure: number...}], unsuppressed,
    by month, council and setting: five grouped queries."""
    applications = Application.objects.all()
    starts = Start.objects.filter(outcome=Start.Outcome.STARTED)
    checks = TenureCheck.objects.filter(months=12).exclude(answer="")
    if council is not None:
        applications = applications.filter(vacancy__local_authority=council)
        starts = starts.filter(application__vacancy__local_authority=council)
        checks = checks.filter(start__application__vacancy__local_authority=council)
    if since is not None:
        applications_made = applications.filter(applied_at__date__gte=since)
        hires = applications.filter(hired_at__date__gte=since)
        starts = starts.filter(start_date__gte=since)
        checks = checks.filter(due_on__gte=since)
    else:
        applications_made, hires = applications, applications.filter(hired_at__isnull=False)
    rows: dict[tuple, dict] = defaultdict(lambda: dict.fromkeys(COUNTED, 0) | {"days_to_fill": None})
    groups = [
        _grouped(
            applications_made.filter(applied_at__isnull=False),
            "applied_at",
            "vacancy__",
            applications=Count("pk"),
        ),
        _grouped(
            hires.filter(hired_at__isnull=False, vacancy__published_at__isnull=False),
            "hired_at",
            "vacancy__",
            hires=Count("pk"),
            days_to_fill=Avg(
                ExpressionWrapper(F("hired_at") - F("vacancy__published_at"), output_field=DurationField())
            ),
        ),
        _grouped(starts, "start_date", "application__vacancy__", starts=Count("pk")),
        _grouped(
            checks,
            "due_on",
            "start__application__vacancy__",
            in_post_12=Count("pk", filter=Q(answer=TenureCheck.Answer.IN_POST)),
            left_12=Count("pk", filter=Q(answer=TenureCheck.Answer.LEFT)),
        ),
    ]
    for group in groups:
        for found in group:
            month = found.pop("month")
            month = month.date() if hasattr(month, "date") else month
            key = (month, found.pop("council") or "", found.pop("setting"))
            for name, value in found.items():
                if name == "days_to_fill":
                    value = None if value is None else round(value.total_seconds() / 86400, 1)
                rows[key][name] = value
    return [
        {"month": month, "council": council_code, "setting": setting, **values}
        for (month, council_code, setting), values in sorted(
            rows.items(), key=lambda item: item[0], reverse=True
        )
    ]


def totals_by_month(rows: list[dict]) -> list[dict]:
    """Monthly rows summed over councils and settings (a handful of aggregated rows, not people).
    Days to fill is left out: it is an average, and needs its own query to be right."""
    months: dict[date, dict] = defaultdict(lambda: dict.fromkeys(COUNTED, 0))
    for row in rows:
        for key in COUNTED:
            months[row["month"]][key] += row[key]
    return [{"month": month, **values} for month, values in sorted(months.items(), reverse=True)]


def suppress_rows(rows: list[dict]) -> list[dict]:
    return [{**row, **{key: suppressed(row[key]) for key in COUNTED}} for row in rows]


def live_vacancies(*, council: LocalAuthority | None = None) -> list[tuple[str, str, int | str]]:
    """(setting value, label, live vacancies) now."""
    vacancies = Vacancy.objects.filter(status=Vacancy.Status.LIVE)
    if council is not None:
        vacancies = vacancies.filter(local_authority=council)
    counts = dict(vacancies.order_by().values_list("setting").annotate(n=Count("pk")))
    return [(value, str(label), suppressed(counts.get(value, 0))) for value, label in Vacancy.Setting.choices]


def equality_by_stage(*, council: LocalAuthority | None = None) -> dict:
    """{question: [(answer, [count reaching each of EQUALITY_STAGES])]}: applications by the
    applicant's equality answers and how far they got, so adverse impact in shortlisting and hiring
    shows. Each stage's column is suppressed on its own (with the secondary suppression of
    ats.privacy.equality.suppress). One grouped query per question."""
    applications = Application.objects.filter(candidate__equality_response__isnull=False)
    if council is not None:
        applications = applications.filter(vacancy__local_authority=council)
    report = {}
    for name in EqualityResponse.REPORTED_FIELDS:
        field = EqualityResponse._meta.get_field(name)
        path = f"candidate__equality_response__{name}"
        found = {
            row[path]: row
            for row in applications.order_by()
            .values(path)
            .annotate(**{stage: Count(f"{stage}_at") for stage in EQUALITY_STAGES})
        }
        columns = [
            suppress([found.get(value, {}).get(stage, 0) for value, _label in field.choices], minimum())
            for stage in EQUALITY_STAGES
        ]
        report[str(field.verbose_name)] = [
            (str(label), [column[index] for column in columns])
            for index, (_value, label) in enumerate(field.choices)
        ]
    return report
