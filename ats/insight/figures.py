"""Figures for employers and academies (/recruit/insight/), computed in the database: every function
here runs a fixed, small number of aggregate queries (annotate/aggregate) over a queryset of
applications, whatever its size, and returns numbers, never rows about people.

Where the product does not record something (job page views), the figure is None and the page
says so."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    Avg,
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, NullIf

from ats.applications.models import Application
from ats.insight.models import TENURE_MONTHS, Start, TenureCheck
from ats.pipeline.status import Stage

# Stages every hire passes through, in order (screening is optional, so it is not a funnel step).
FUNNEL = (Stage.APPLIED, Stage.SHORTLISTED, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED)
# Time between reaching one stage and reaching the next.
STAGE_GAPS = (
    ("applied_to_shortlisted", "Applied to shortlisted", "applied_at", "shortlisted_at"),
    ("shortlisted_to_interview", "Shortlisted to interview", "shortlisted_at", "interview_at"),
    ("interview_to_offer", "Interview to offer", "interview_at", "offer_at"),
    ("offer_to_hired", "Offer to hired (checks)", "offer_at", "hired_at"),
)
TOUCHES = {"last": "Last touch", "first": "First touch"}
BREAKDOWNS = {
    "source": "Source (UTM source, or the referring site)",
    "campaign": "Campaign (UTM campaign)",
    "landing_page": "Landing page",
}
SOURCE_LIMIT = 10


def _days(value: timedelta | None) -> float | None:
    return None if value is None else round(value.total_seconds() / 86400, 1)


def _gap(start: str, end: str):
    return Avg(
        ExpressionWrapper(F(end) - F(start), output_field=DurationField()),
        filter=Q(**{f"{start}__isnull": False, f"{end}__isnull": False}),
    )


@dataclass(frozen=True)
class PipelineFigures:
    applications: int
    funnel: list[tuple[str, str, int]]  # (stage, label, applications that reached it)
    rejected: int
    withdrawn: int
    stage_days: list[tuple[str, str, float | None]]  # (key, label, average days)
    days_to_hire: float | None
    offered: int
    started: int
    did_not_start: int
    dropped_after_offer: int  # offer withdrawn or candidate withdrew before the hire
    start_not_recorded: int  # hired, start not recorded yet
    views: int | None = None  # job page views are not recorded


def pipeline_figures(applications: QuerySet[Application]) -> PipelineFigures:
    """One aggregate query: counts, the funnel, time in each stage, time to hire, offer to start."""
    figures = applications.order_by().aggregate(
        applications=Count("pk"),
        **{f"reached_{stage}": Count(f"{stage}_at") for stage in FUNNEL},
        rejected=Count("pk", filter=Q(stage=Stage.REJECTED)),
        withdrawn=Count("pk", filter=Q(stage=Stage.WITHDRAWN)),
        **{key: _gap(start, end) for key, _label, start, end in STAGE_GAPS},
        to_hire=_gap("applied_at", "hired_at"),
        started=Count("pk", filter=Q(start__outcome=Start.Outcome.STARTED)),
        did_not_start=Count("pk", filter=Q(start__outcome=Start.Outcome.DID_NOT_START)),
        dropped_after_offer=Count(
            "pk", filter=Q(offer_at__isnull=False, stage__in=(Stage.REJECTED, Stage.WITHDRAWN))
        ),
        start_not_recorded=Count("pk", filter=Q(stage=Stage.HIRED, start__isnull=True)),
    )
    return PipelineFigures(
        applications=figures["applications"],
        funnel=[(stage, Stage(stage).label, figures[f"reached_{stage}"]) for stage in FUNNEL],
        rejected=figures["rejected"],
        withdrawn=figures["withdrawn"],
        stage_days=[(key, label, _days(figures[key])) for key, label, _s, _e in STAGE_GAPS],
        days_to_hire=_days(figures["to_hire"]),
        offered=figures[f"reached_{Stage.OFFER}"],
        started=figures["started"],
        did_not_start=figures["did_not_start"],
        dropped_after_offer=figures["dropped_after_offer"],
        start_not_recorded=figures["start_not_recorded"],
    )


def no_start_reasons(applications: QuerySet[Application]) -> list[tuple[str, int]]:
    """Why offered people did not start: hired but never started (by reason), offers withdrawn by
    the employer, and candidates who withdrew after an offer. One query."""
    counts = applications.order_by().aggregate(
        **{
            reason: Count("pk", filter=Q(start__no_start_reason=reason))
            for reason in Start.NoStartReason.values
        },
        offer_withdrawn=Count("pk", filter=Q(offer_at__isnull=False, stage=Stage.REJECTED)),
        candidate_withdrew=Count("pk", filter=Q(offer_at__isnull=False, stage=Stage.WITHDRAWN)),
    )
    rows = [
        ("Offer withdrawn before the hire", counts["offer_withdrawn"]),
        ("Candidate withdrew before the hire", counts["candidate_withdrew"]),
    ]
    rows += [
        (f"Hired, did not start: {label[0].lower()}{label[1:]}", counts[value])
        for value, label in Start.NoStartReason.choices
    ]
    return rows


def source_expression(touch: str, breakdown: str):
    """The attribution value an application is grouped by, in SQL."""
    prefix = f"attribution__{touch}__"
    if breakdown == "source":
        return Coalesce(
            NullIf(KT(prefix + "utm_source"), Value("")),
            NullIf(KT(prefix + "referrer_host"), Value("")),
            Case(
                When(**{"attribution__has_key": touch}, then=Value("(direct)")),
                default=Value("(not recorded)"),
                output_field=TextField(),
            ),
            output_field=TextField(),
        )
    field = {"campaign": "utm_campaign", "landing_page": "landing_page"}[breakdown]
    return Coalesce(NullIf(KT(prefix + field), Value("")), Value("(none)"), output_field=TextField())


def source_figures(
    applications: QuerySet[Application], *, touch: str = "last", breakdown: str = "source"
) -> list[dict]:
    """Applications, hires and people in post at 12 months by where the applicant came from, the
    largest first (SOURCE_LIMIT rows). One grouped query."""
    return list(
        applications.order_by()
        .annotate(key=source_expression(touch, breakdown))
        .values("key")
        .annotate(
            applications=Count("pk", distinct=True),
            hires=Count("pk", distinct=True, filter=Q(hired_at__isnull=False)),
            started=Count("pk", distinct=True, filter=Q(start__outcome=Start.Outcome.STARTED)),
            in_post_12=Count(
                "start__tenure_checks",
                filter=Q(
                    start__tenure_checks__months=12, start__tenure_checks__answer=TenureCheck.Answer.IN_POST
                ),
            ),
        )
        .order_by("-applications", "key")[:SOURCE_LIMIT]
    )


def tenure_figures(applications: QuerySet[Application], *, today: date) -> list[dict]:
    """At 3, 6 and 12 months: how many starters reached the date, how many are still in post, how
    many have left, how many answers are outstanding. One grouped query."""
    found = {
        row["months"]: row
        for row in TenureCheck.objects.filter(start__application__in=applications.order_by().values("pk"))
        .order_by()
        .values("months")
        .annotate(
            due=Count("pk", filter=Q(due_on__lte=today)),
            in_post=Count("pk", filter=Q(answer=TenureCheck.Answer.IN_POST)),
            left=Count("pk", filter=Q(answer=TenureCheck.Answer.LEFT)),
            unanswered=Count("pk", filter=Q(answer="", due_on__lte=today)),
        )
    }
    rows = []
    for months in TENURE_MONTHS:
        row = found.get(months, {"due": 0, "in_post": 0, "left": 0, "unanswered": 0})
        answered = row["in_post"] + row["left"]
        rows.append(
            {
                "months": months,
                "due": row["due"],
                "in_post": row["in_post"],
                "left": row["left"],
                "unanswered": row["unanswered"],
                "in_post_percent": round(100 * row["in_post"] / answered) if answered else None,
            }
        )
    return rows


def vacancy_rows(vacancies):
    """Each vacancy with its counts, for a paginated table. One query per page."""
    return vacancies.order_by("-published_at", "-pk").annotate(
        applications_count=Count("applications"),
        offered=Count("applications__offer_at"),
        hires=Count("applications__hired_at"),
        started=Count("applications__start", filter=Q(applications__start__outcome=Start.Outcome.STARTED)),
        days_to_hire=Avg(
            ExpressionWrapper(
                F("applications__hired_at") - F("applications__applied_at"), output_field=DurationField()
            )
        ),
    )
