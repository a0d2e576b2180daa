"""A vacancy's pipeline: the list (with its screening queue) and the board, and bulk moves."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Avg, Count, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import RowNumber
from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse

from ats.applications.candidates_view import candidate_card
from ats.organisations.permissions import (
    can_edit,
    get_for_user,
    vacancies_for,
)
from ats.organisations.views.common import portal_view, require_post
from ats.pipeline.forms import (
    BulkMoveForm,
    PipelineFilterForm,
)
from ats.pipeline.models import PersonalDataAccess, Rating
from ats.pipeline.moves import bulk_move
from ats.pipeline.status import OPEN_STAGES, Stage
from ats.privacy.audit import record_access

PAGE_SIZE = 50
BOARD_CARDS = 25


def _filtered(vacancy, data):
    form = PipelineFilterForm(data or None)
    # A correlated subquery rather than JOIN + GROUP BY: the page query stays a LIMITed index scan.
    average = (
        Rating.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(avg=Avg("score"))
        .values("avg")
    )
    applications = vacancy.applications.select_related("cv").annotate(avg_rating=Subquery(average))
    if form.is_valid():
        f = form.cleaned_data
        if f["stage"]:
            applications = applications.filter(stage=f["stage"])
        if f["flags"] == "none":
            applications = applications.filter(knockout_flags=[])
        elif f["flags"] == "some":
            applications = applications.exclude(knockout_flags=[])
        if f["max_distance"] is not None:
            applications = applications.filter(distance_miles__lte=f["max_distance"])
        if f["min_rating"] is not None:
            applications = applications.filter(avg_rating__gte=f["min_rating"])
    return form, applications


def _rows(vacancy, applications):
    rows = []
    for application in applications:
        application.vacancy = vacancy  # saves a query per row
        rows.append((application, candidate_card(application)))
    return rows


def _log_listing(request, vacancy, detail: str) -> None:
    """Lists and boards show candidates' names (unless anonymised): one log entry per page seen."""
    if not vacancy.anonymised_shortlisting:
        record_access(
            actor=request.user,
            action=PersonalDataAccess.Action.LISTED,
            organisation=vacancy.organisation,
            detail=detail,
            request_id=getattr(request, "request_id", ""),
        )


def _counts(vacancy) -> dict[str, int]:
    counts = vacancy.applications.aggregate(**{s: Count("pk", filter=Q(stage=s)) for s in Stage})
    return counts


def _queue(application, list_query: str) -> dict:
    """Where an application sits in the list the recruiter came from (the same filters and order
    as the list): "3 of 40", and the previous and next applications, so a long list can be
    screened one after another. Keyset neighbours: four small queries whatever the list's size."""
    _, applications = _filtered(application.vacancy, QueryDict(list_query))
    here = Q(applied_at=application.applied_at)
    later = applications.filter(Q(applied_at__gt=application.applied_at) | (here & Q(pk__lt=application.pk)))
    earlier = applications.filter(
        Q(applied_at__lt=application.applied_at) | (here & Q(pk__gt=application.pk))
    )
    suffix = f"?{urlencode({'from': list_query})}" if list_query else ""

    def url(public_id):
        if public_id is None:
            return ""
        return reverse("recruit:application-detail", kwargs={"application": public_id}) + suffix

    in_list = applications.filter(pk=application.pk).exists()
    return {
        "from": list_query,
        "position": later.count() + 1 if in_list else None,
        "total": applications.count(),
        "previous_url": url(later.order_by("applied_at", "-pk").values_list("public_id", flat=True).first()),
        "next_url": url(earlier.order_by("-applied_at", "pk").values_list("public_id", flat=True).first()),
        "list_url": reverse("recruit:application-list", kwargs={"vacancy": application.vacancy.public_id})
        + (f"?{list_query}" if list_query else ""),
    }


def _list_query(data) -> str:
    """The list's filters the recruiter came from, cleaned to the filter form's own fields."""
    query = QueryDict(data.get("from", ""), mutable=True)
    allowed = set(PipelineFilterForm.base_fields)
    for key in list(query):
        if key not in allowed:
            del query[key]
    return query.urlencode()


@portal_view
def application_list(request, vacancy):
    vacancy = get_for_user(
        vacancies_for(request.user).select_related("organisation"), request.user, public_id=vacancy
    )
    form, applications = _filtered(vacancy, request.GET)
    page = Paginator(applications.order_by("-applied_at", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    _log_listing(request, vacancy, f"{vacancy.title}: list, page {page.number}")
    context = {
        "vacancy": vacancy,
        "filter_form": form,
        "page_obj": page,
        "rows": _rows(vacancy, page.object_list),
        "counts": _counts(vacancy),
        "stages": Stage.choices,
        "bulk_form": BulkMoveForm(vacancy=vacancy),
        "can_edit": can_edit(request.user, vacancy.organisation_id),
        "query": query.urlencode(),
    }
    template = "ats/recruit/_application_rows.html" if request.htmx else "ats/recruit/application_list.html"
    return render(request, template, context)


@portal_view
def board(request, vacancy):
    vacancy = get_for_user(
        vacancies_for(request.user).select_related("organisation"), request.user, public_id=vacancy
    )
    counts = _counts(vacancy)
    _log_listing(request, vacancy, f"{vacancy.title}: board")
    stages = [*OPEN_STAGES, Stage.HIRED]
    cards = {stage: [] for stage in stages}
    for application in _board_cards(vacancy, stages):
        cards[application.stage].append(application)
    columns = [
        {
            "stage": stage,
            "label": Stage(stage).label,
            "count": counts[stage],
            "rows": _rows(vacancy, cards[stage]),
        }
        for stage in stages
    ]
    return render(
        request,
        "ats/recruit/board.html",
        {
            "vacancy": vacancy,
            "columns": columns,
            "counts": counts,
            "board_cards": BOARD_CARDS,
            "can_edit": can_edit(request.user, vacancy.organisation_id),
        },
    )


def _board_cards(vacancy, stages):
    """The newest BOARD_CARDS applications of each stage, every column in one query."""
    newest_first = [F("applied_at").desc(), F("pk").asc()]
    return (
        vacancy.applications.filter(stage__in=stages)
        .annotate(position=Window(RowNumber(), partition_by=[F("stage")], order_by=newest_first))
        .filter(position__lte=BOARD_CARDS)
        .order_by(*newest_first)
    )


@portal_view
def bulk(request, vacancy):
    vacancy = get_for_user(
        vacancies_for(request.user).select_related("organisation"),
        request.user,
        write=True,
        public_id=vacancy,
    )
    require_post(request)
    form = BulkMoveForm(request.POST, vacancy=vacancy)
    back = request.POST.get("next") or reverse(
        "recruit:application-list", kwargs={"vacancy": vacancy.public_id}
    )
    if not back.startswith("/recruit/"):
        back = reverse("recruit:application-list", kwargs={"vacancy": vacancy.public_id})
    items = [value.split(":", 1) for value in request.POST.getlist("selected") if ":" in value]
    if not items:
        messages.error(request, "Select at least one application.")
        return HttpResponseRedirect(back)
    if not form.is_valid():
        messages.error(request, "Choose the stage to move the selected applications to.")
        return HttpResponseRedirect(back)
    result = bulk_move(
        vacancy,
        [(public_id, stage) for public_id, stage in items],
        form.cleaned_data["to"],
        by=request.user,
        notify=form.cleaned_data["notify"],
        template=form.cleaned_data["template"],
        note=form.cleaned_data["note"],
    )
    (messages.success if not result.failed else messages.warning)(request, result.summary())
    return HttpResponseRedirect(back)
