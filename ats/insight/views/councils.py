"""/recruit/insight/councils/: figures by council and care setting, month by month, beside the
region's, and equality monitoring by stage reached, for regional admins and council commissioners.
Aggregates only, small numbers suppressed. Anyone else gets a 404 (organisation members too: this
page compares councils, not their own pipeline).

/open-data/insight/monthly.csv and .json: the same monthly figures for every council and setting,
suppressed the same way, for anyone."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control

from ats.insight import councils as figures
from ats.insight.charts import bar_chart
from ats.insight.tenure import add_months
from ats.jobs.models import Vacancy
from ats.organisations.permissions import councils_for, is_regional_admin
from ats.places.models import LocalAuthority

MONTHS_SHOWN = 12
OPEN_DATA_CACHE_SECONDS = 3600
SETTINGS = dict(Vacancy.Setting.choices)


def council_view(view):
    """Signed in, and a regional admin or a commissioner; anyone else gets a 404."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not councils_for(request.user).exists():
            raise Http404("Not found")
        return view(request, *args, **kwargs)

    return wrapper


def _since(today: date) -> date:
    return add_months(today.replace(day=1), -(MONTHS_SHOWN - 1))


@council_view
def councils(request):
    allowed = councils_for(request.user)
    chosen = request.GET.get("council", "")
    council = allowed.filter(ons_code=chosen).first() if chosen else None
    if chosen and council is None:
        raise Http404("Not found")
    if council is None and not is_regional_admin(request.user):
        council = allowed.first()  # a commissioner starts on their council
    since = _since(timezone.localdate())
    region_rows = figures.monthly_figures(since=since)
    region = figures.totals_by_month(region_rows)
    council_rows = figures.monthly_figures(council=council, since=since) if council else []
    by_month = figures.totals_by_month(council_rows) if council else []
    by_setting = _by_setting(council_rows if council else region_rows)
    scope = council.name if council else "North East region"
    if request.GET.get("format") == "csv":
        return _csv(
            figures.suppress_rows(council_rows if council else region_rows), filename="council-insight"
        )
    months = [row["month"] for row in region]
    council_by_month = {row["month"]: row for row in by_month}
    table = [
        {
            "month": month,
            "council": figures.suppress_rows([council_by_month[month]])[0]
            if month in council_by_month
            else None,
            "region": figures.suppress_rows([row])[0],
        }
        for month, row in zip(months, region, strict=True)
    ]
    chart_source = by_month if council else region
    return render(
        request,
        "ats/insight/councils.html",
        {
            "council": council,
            "councils": allowed,
            "scope": scope,
            "table": table,
            "by_setting": figures.suppress_rows(by_setting),
            "live": figures.live_vacancies(council=council),
            "live_region": figures.live_vacancies() if council else None,
            "equality": figures.equality_by_stage(council=council),
            "equality_stages": [stage.label for stage in figures.EQUALITY_STAGES],
            "minimum": figures.minimum(),
            "applications_chart": bar_chart(
                "applications-by-month",
                f"Applications by month: {scope}",
                [(f"{row['month']:%b %Y}", row["applications"]) for row in reversed(chart_source)],
            ),
            "hires_chart": bar_chart(
                "hires-by-month",
                f"Hires by month: {scope}",
                [(f"{row['month']:%b %Y}", row["hires"]) for row in reversed(chart_source)],
            ),
            "since": since,
        },
    )


def _by_setting(rows: list[dict]) -> list[dict]:
    """The months' rows summed by care setting."""
    settings_totals: dict[str, dict] = {}
    for row in rows:
        total = settings_totals.setdefault(row["setting"], dict.fromkeys(figures.COUNTED, 0))
        for key in figures.COUNTED:
            total[key] += row[key]
    return [
        {"setting": value, "label": label, **settings_totals.get(value, dict.fromkeys(figures.COUNTED, 0))}
        for value, label in Vacancy.Setting.choices
    ]


def _open_rows(rows: list[dict]) -> list[dict]:
    names = dict(LocalAuthority.objects.values_list("ons_code", "name"))
    return [
        {
            "month": f"{row['month']:%Y-%m}",
            "council_code": row["council"],
            "council": names.get(row["council"], "Not known"),
            "setting": SETTINGS.get(row["setting"], row["setting"]),
            **{key: row[key] for key, _label in figures.MEASURES},
        }
        for row in rows
    ]


def _csv(rows: list[dict], *, filename: str, public: bool = False) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    rows = rows if public else _open_rows(rows)
    header = ["month", "council_code", "council", "setting", *(key for key, _label in figures.MEASURES)]
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if row[key] is None else row[key] for key in header])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _open_data() -> list[dict]:
    """Every month, council and setting, suppressed; kept for an hour."""
    key = f"insight:open-data:{timezone.localdate()}"
    return cache.get_or_set(
        key, lambda: _open_rows(figures.suppress_rows(figures.monthly_figures())), OPEN_DATA_CACHE_SECONDS
    )


@cache_control(public=True, max_age=OPEN_DATA_CACHE_SECONDS)
def open_data(request, extension):
    rows = _open_data()
    if extension == "json":
        body = {
            "description": (
                "Care Careers North East: applications, hires, average days from advert to hire, "
                "starts, and people still in post or left 12 months after starting, by month, council "
                f"and care setting. Counts from 1 to {figures.minimum() - 1} are shown as "
                f"“fewer than {figures.minimum()}”."
            ),
            "measures": dict(figures.MEASURES),
            "rows": rows,
        }
        return HttpResponse(json.dumps(body, cls=DjangoJSONEncoder), content_type="application/json")
    return _csv(rows, filename="care-careers-monthly", public=True)
