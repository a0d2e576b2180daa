"""/recruit/insight/: an organisation's figures (or, for regional admins, the region's), and one
vacancy's, each chart with its table and a CSV download. Everything fetched through the user's
scope: another organisation's id is a 404."""

from __future__ import annotations

import csv
import io

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ats.applications.models import Application
from ats.insight import figures
from ats.insight.charts import bar_chart
from ats.organisations.permissions import (
    applications_for,
    councils_for,
    get_for_user,
    is_regional_admin,
    organisations_for,
    vacancies_for,
)
from ats.organisations.views.common import portal_view

REGION = "All organisations in the North East"


def _scope(request):
    """(organisation or None for the whole region, its name, its applications, its vacancies)."""
    user = request.user
    chosen = request.GET.get("organisation", "")
    organisations = organisations_for(user).order_by("name")
    if chosen:
        organisation = get_for_user(organisations, user, public_id=chosen)
    elif is_regional_admin(user):
        return None, REGION, applications_for(user), vacancies_for(user)
    else:
        organisation = organisations.first()
    return (
        organisation,
        organisation.name,
        Application.objects.filter(vacancy__organisation=organisation),
        vacancies_for(user).filter(organisation=organisation),
    )


def _choice(request, name: str, options: dict) -> str:
    value = request.GET.get(name, "")
    return value if value in options else next(iter(options))


def _figures(applications, *, touch: str, breakdown: str) -> dict:
    today = timezone.localdate()
    pipeline = figures.pipeline_figures(applications)
    sources = figures.source_figures(applications, touch=touch, breakdown=breakdown)
    tenure = figures.tenure_figures(applications, today=today)
    reasons = figures.no_start_reasons(applications)
    return {
        "pipeline": pipeline,
        "sources": sources,
        "tenure": tenure,
        "reasons": reasons,
        "funnel_chart": bar_chart(
            "funnel", "Applications reaching each stage", [(label, n) for _s, label, n in pipeline.funnel]
        ),
        "stage_chart": bar_chart(
            "stage-days",
            "Average days between stages",
            [(label, days) for _k, label, days in pipeline.stage_days],
            unit=" days",
        ),
        "source_chart": bar_chart(
            "sources",
            f"Applications by {figures.BREAKDOWNS[breakdown].lower()}, {figures.TOUCHES[touch].lower()}",
            [(row["key"], row["applications"]) for row in sources],
        ),
        "tenure_chart": bar_chart(
            "in-post",
            "Still in post, of those answered",
            [(f"{row['months']} months", row["in_post_percent"]) for row in tenure],
            unit="%",
        ),
        "touch": touch,
        "breakdown": breakdown,
        "breakdown_label": figures.BREAKDOWNS[breakdown],
        "touches": figures.TOUCHES,
        "breakdowns": figures.BREAKDOWNS,
    }


def _csv_url(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query["format"] = "csv"
    return f"?{query.urlencode()}"


def _rows(data: dict) -> list[list]:
    """Every figure on the page as (section, measure, value) rows for the CSV."""
    pipeline = data["pipeline"]
    rows = [
        ["Job page views", "Views", "not recorded"],
        ["Applications", "Applications", pipeline.applications],
    ]
    rows += [["Stage reached", label, n] for _s, label, n in pipeline.funnel]
    rows += [["Closed", "Not progressed", pipeline.rejected], ["Closed", "Withdrawn", pipeline.withdrawn]]
    rows += [
        ["Average days between stages", label, "" if d is None else d] for _k, label, d in pipeline.stage_days
    ]
    rows.append(["Time to hire", "Average days from application to hire", pipeline.days_to_hire or ""])
    rows += [
        ["Offer to start", "Offered", pipeline.offered],
        ["Offer to start", "Started work", pipeline.started],
        ["Offer to start", "Hired, did not start", pipeline.did_not_start],
        [
            "Offer to start",
            "Offer withdrawn or candidate withdrew before the hire",
            pipeline.dropped_after_offer,
        ],
        ["Offer to start", "Hired, start not recorded yet", pipeline.start_not_recorded],
    ]
    rows += [["Did not start: why", label, n] for label, n in data["reasons"]]
    label = f"{figures.BREAKDOWNS[data['breakdown']]} ({figures.TOUCHES[data['touch']].lower()})"
    for row in data["sources"]:
        rows += [
            [label, f"{row['key']}: applications", row["applications"]],
            [label, f"{row['key']}: hires", row["hires"]],
            [label, f"{row['key']}: in post at 12 months", row["in_post_12"]],
        ]
    for row in data["tenure"]:
        section = f"In post at {row['months']} months"
        rows += [
            [section, "Starters who reached this point", row["due"]],
            [section, "Still in post", row["in_post"]],
            [section, "Left", row["left"]],
            [section, "Not answered yet", row["unanswered"]],
        ]
    return rows


def _csv(rows: list[list], *, scope: str, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Scope", "Section", "Measure", "Value"])
    for row in rows:
        writer.writerow([scope, *row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{timezone.localdate()}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@portal_view
def insight(request):
    organisation, scope, applications, vacancies = _scope(request)
    data = _figures(
        applications,
        touch=_choice(request, "touch", figures.TOUCHES),
        breakdown=_choice(request, "by", figures.BREAKDOWNS),
    )
    if request.GET.get("format") == "csv":
        return _csv(_rows(data), scope=scope, filename="insight")
    page = Paginator(figures.vacancy_rows(vacancies.select_related("organisation")), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "ats/insight/insight.html",
        {
            **data,
            "scope": scope,
            "organisation": organisation,
            "organisations": organisations_for(request.user).order_by("name").only("name", "public_id")[:500],
            "page": page,
            "csv_url": _csv_url(request),
            "sees_councils": councils_for(request.user).exists(),
        },
    )


@portal_view
def vacancy_insight(request, vacancy):
    vacancy = get_for_user(
        vacancies_for(request.user).select_related("organisation"), request.user, public_id=vacancy
    )
    data = _figures(
        Application.objects.filter(vacancy=vacancy),
        touch=_choice(request, "touch", figures.TOUCHES),
        breakdown=_choice(request, "by", figures.BREAKDOWNS),
    )
    if request.GET.get("format") == "csv":
        return _csv(
            _rows(data), scope=f"{vacancy.title} ({vacancy.organisation.name})", filename="vacancy-insight"
        )
    return render(
        request,
        "ats/insight/vacancy_insight.html",
        {**data, "vacancy": vacancy, "csv_url": _csv_url(request)},
    )
