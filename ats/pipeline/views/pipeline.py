"""A vacancy's pipeline: the list (with its screening queue) and the board, and bulk moves."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Avg, Count, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import RowNumber
from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from ats.applications.candidates_view import candidate_card
from ats.organisations.permissions import (
    can_edit,
    get_for_user,
    vacancies_for,
)
from ats.organisations.views.common import portal_view, require_post
from ats.pipeline.bulk import bulk_move, plan_bulk_move, undo_bulk_action, undo_minutes, undoable_actions
from ats.pipeline.forms import (
    NO_REASON,
    BulkMoveForm,
    PipelineFilterForm,
)
from ats.pipeline.models import PersonalDataAccess, Rating
from ats.pipeline.moves import PipelineError
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
        "undoable": _undoable(request, vacancy),
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
    """Bulk move, in two steps: the selection and the move (from the list) give a confirmation
    page saying how many move and how many people will be emailed; confirming moves them, with
    their emails held for the undo window."""
    vacancy = get_for_user(
        vacancies_for(request.user).select_related("organisation"),
        request.user,
        write=True,
        public_id=vacancy,
    )
    require_post(request)
    form = BulkMoveForm(request.POST, vacancy=vacancy, reasons=True)
    back = request.POST.get("next") or reverse(
        "recruit:application-list", kwargs={"vacancy": vacancy.public_id}
    )
    if not back.startswith("/recruit/"):
        back = reverse("recruit:application-list", kwargs={"vacancy": vacancy.public_id})
    selected = [value for value in request.POST.getlist("selected") if ":" in value]
    items = [tuple(value.split(":", 1)) for value in selected]
    if not items:
        messages.error(request, "Select at least one application.")
        return HttpResponseRedirect(back)
    if not form.is_valid():
        messages.error(request, "Choose the stage to move the selected applications to.")
        return HttpResponseRedirect(back)
    data = form.cleaned_data
    rejecting = data["to"] == Stage.REJECTED
    confirmed = request.POST.get("confirmed") == "yes"
    if confirmed and form.reason_missing():
        form.add_error("reason", NO_REASON)
    if not confirmed or form.errors:
        plan = plan_bulk_move(vacancy, items, data["to"], notify=data["notify"])
        return render(
            request,
            "ats/recruit/bulk_confirm.html",
            {
                "vacancy": vacancy,
                "plan": plan,
                "stage": Stage(data["to"]).label,
                "form": form,
                "data": data,
                "rejecting": rejecting,
                "selected": selected,
                "back": back,
                "undo_minutes": undo_minutes(),
            },
            status=400 if form.errors else 200,
        )
    result = bulk_move(
        vacancy,
        items,
        data["to"],
        by=request.user,
        notify=data["notify"],
        template=data["template"],
        note=data["note"],
        reason=data["reason"] if rejecting else None,
        reason_detail=data["reason_detail"] if rejecting else "",
    )
    summary = result.summary()
    if result.emailed:
        summary += (
            f" {result.emailed} email{'s' if result.emailed != 1 else ''} will be sent in "
            f"{undo_minutes()} minutes: you can undo the move until then."
        )
    (messages.success if not result.failed else messages.warning)(request, summary)
    if result.action is not None:
        remember_undo(request, result.action)
    return HttpResponseRedirect(back)


UNDO_SESSION_KEY = "bulk_undo"


def remember_undo(request, action) -> None:
    """The list offers "Undo" for the bulk moves made in this session (read without a query
    when there are none)."""
    request.session[UNDO_SESSION_KEY] = [
        *request.session.get(UNDO_SESSION_KEY, [])[-4:],
        str(action.public_id),
    ]


def _undoable(request, vacancy) -> list:
    remembered = request.session.get(UNDO_SESSION_KEY)
    if not remembered or request.htmx:
        return []
    return list(undoable_actions(vacancy).filter(public_id__in=remembered).prefetch_related("events"))


@portal_view
def bulk_undo(request, vacancy, action):
    vacancy = get_for_user(vacancies_for(request.user), request.user, write=True, public_id=vacancy)
    require_post(request)
    action = get_object_or_404(vacancy.bulk_actions, public_id=action)
    try:
        restored = undo_bulk_action(action, by=request.user)
    except PipelineError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"Undone: {restored} application{'s' if restored != 1 else ''} put back, and no emails sent.",
        )
    return redirect("recruit:application-list", vacancy=vacancy.public_id)
