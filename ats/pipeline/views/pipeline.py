"""A vacancy's pipeline (list and board, bulk moves) and the application page."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Avg, Count, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from ats.applications.answers import application_sections, knockout_flags
from ats.applications.candidates_view import candidate_card, history, identity_visible
from ats.applications.cvs import PDF, cv_download
from ats.applications.models import Application
from ats.organisations.permissions import (
    applications_for,
    can_edit,
    checks_for,
    get_for_user,
    interviews_for,
    vacancies_for,
)
from ats.organisations.views.common import portal_view, require_post
from ats.pipeline import interviews as interview_service
from ats.pipeline import offers
from ats.pipeline.forms import (
    BulkMoveForm,
    CheckForm,
    MessageForm,
    MoveForm,
    NoteForm,
    OfferForm,
    OutcomeForm,
    PipelineFilterForm,
    RatingForm,
    StageConfirmForm,
    WithdrawOfferForm,
)
from ats.pipeline.messaging import send_message
from ats.pipeline.models import CheckEvent, CheckItem, Interview, Note, PersonalDataAccess, Rating
from ats.pipeline.moves import MoveConflict, PipelineError, bulk_move, move_and_notify
from ats.pipeline.status import ALLOWED_MOVES, OPEN_STAGES, Stage
from ats.privacy.audit import record_access
from cms.storage import private_file_response

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


def _application(request, public_id, *, write=False) -> Application:
    return get_for_user(
        applications_for(request.user).select_related("vacancy__organisation", "cv", "offer"),
        request.user,
        write=write,
        public_id=public_id,
    )


def _back(application) -> HttpResponseRedirect:
    return redirect("recruit:application-detail", application=application.public_id)


@portal_view
def application_detail(request, application):
    application = _application(request, application)
    return _application_page(request, application, list_query=_list_query(request.GET))


def _application_page(
    request, application, *, list_query: str, error: str = "", check_form=None, status: int = 200
):
    """The application page. A refused action renders it again, with its error, instead of
    redirecting: the error belongs to this application, and a flash message in the session could
    be shown by another tab's next page (issue 21.4). `check_form` is a check's form as posted."""
    user = request.user
    criteria = list(application.vacancy.rating_criteria.all())
    my_ratings = dict(
        Rating.objects.filter(application=application, rater=user).values_list("criterion_id", "score")
    )
    average = application.ratings.aggregate(avg=Avg("score"))["avg"]
    record_access(
        actor=user,
        action=PersonalDataAccess.Action.VIEWED,
        application=application,
        request_id=getattr(request, "request_id", ""),
    )
    card = candidate_card(application)
    offer = getattr(application, "offer", None)
    checks = list(application.checks.all())
    context = {
        "queue": _queue(application, list_query),
        "application": application,
        "vacancy": application.vacancy,
        "card": card,
        "sections": application_sections(application),
        "knockout_flags": knockout_flags(application),
        "can_edit": can_edit(user, application.vacancy.organisation_id),
        # Each form on the page has its own ids (auto_id), so every label points at its own field.
        "move_form": MoveForm(application=application, auto_id="move_%s"),
        "can_move": bool(ALLOWED_MOVES[application.stage]),
        "quick_moves": [
            (stage, label)
            for stage, label in ((Stage.SHORTLISTED, "Shortlist"), (Stage.REJECTED, "Not progressing"))
            if stage in ALLOWED_MOVES[application.stage]
            and application.stage in (Stage.APPLIED, Stage.SCREENING)
        ],
        "note_form": NoteForm(auto_id="note_%s"),
        "notes": application.notes.select_related("author"),
        "rating_form": RatingForm(criteria=criteria, current=my_ratings, auto_id="rating_%s"),
        "average_rating": average,
        "message_form": MessageForm(
            organisation_id=application.vacancy.organisation_id, auto_id="message_%s"
        ),
        "history": _history(application),
        "interviews": [
            (interview, OutcomeForm(auto_id=f"outcome_{interview.public_id.hex[:8]}_%s"))
            for interview in application.interviews.select_related("slot")
        ],
        "offer": offer,
        "offer_form": OfferForm(initial={"expected_stage": application.stage}, auto_id="offer_%s"),
        "stage_form": StageConfirmForm(initial={"expected_stage": application.stage}, auto_id="hire_%s"),
        "withdraw_form": WithdrawOfferForm(
            initial={"expected_stage": application.stage}, auto_id="withdraw_%s"
        ),
        "checks": [
            (
                check,
                check_form
                if check_form is not None and check_form.instance.pk == check.pk
                else CheckForm(instance=check, prefix=str(check.public_id)),
            )
            for check in checks
        ],
        "error": error,
        "error_form": check_form,
        "cv_available": bool(
            application.cv and application.cv.is_available and identity_visible(application)
        ),
        "Stage": Stage,
    }
    return render(request, "ats/recruit/application_detail.html", context, status=status)


def _history(application) -> list[tuple]:
    """Stage moves (who made them as `history` names them, never an anonymised candidate) and
    changes to pre-employment checks, oldest first: (time, stage event, actor, check event)."""
    moves = [(event.at, event, actor, None) for event, actor in history(application)]
    checks = [
        (change.at, None, str(change.actor) if change.actor else "the system", change)
        for change in CheckEvent.objects.filter(check_item__application=application).select_related(
            "actor", "check_item"
        )
    ]
    return sorted(moves + checks, key=lambda row: row[0])


def _stage_action(
    request,
    application,
    form,
    *,
    invalid: str,
    success: str | Callable[[dict], str],
    call: Callable[[dict], object],
):
    """Every stage action: a valid form, then the service with the form's data. Done: back to the
    application with a confirmation. Refused (an invalid form, or the service's PipelineError):
    the application's page again with the reason, and nothing changed."""
    if not form.is_valid():
        return _refused(request, application, invalid, status=400)
    try:
        call(form.cleaned_data)
    except MoveConflict as exc:
        return _refused(request, application, str(exc), status=409)
    except PipelineError as exc:
        return _refused(request, application, str(exc), status=400)
    messages.success(request, success(form.cleaned_data) if callable(success) else success)
    return _back(application)


def _refused(request, application, error: str, *, status: int):
    application.refresh_from_db()
    return _application_page(
        request, application, list_query=_list_query(request.POST), error=error, status=status
    )


@portal_view
def application_move(request, application):
    application = _application(request, application, write=True)
    require_post(request)
    form = MoveForm(request.POST, application=application)
    # The stage may have changed since the page loaded: say so rather than a bare form error.
    if request.POST.get("expected_stage") and request.POST["expected_stage"] != application.stage:
        invalid = (
            f"Someone else has already moved this application to “{application.get_stage_display()}”. "
            "Nothing was changed: check it and try again."
        )
        if not form.is_valid():
            return _refused(request, application, invalid, status=409)
    else:
        invalid = "That move is not possible from this stage."
    list_query = _list_query(request.POST)
    response = _stage_action(
        request,
        application,
        form,
        invalid=invalid,
        success=lambda data: f"{candidate_card(application).label}: moved to “{Stage(data['to']).label}”.",
        call=lambda data: move_and_notify(
            application,
            data["to"],
            by=request.user,
            expected_stage=data["expected_stage"],
            note=data["note"],
            notify=data["notify"],
            template=data["template"],
        ),
    )
    if not isinstance(response, HttpResponseRedirect):
        return response  # refused: this application's page, with the reason
    if request.POST.get("then") == "next":
        # "... and open the next": the next application in the list the recruiter came from.
        next_url = _queue(application, list_query)["next_url"]
        if next_url:
            return HttpResponseRedirect(next_url)
    if list_query:
        return HttpResponseRedirect(f"{response.url}?{urlencode({'from': list_query})}")
    return response


@portal_view
def application_note(request, application):
    application = _application(request, application, write=True)
    require_post(request)
    return _stage_action(
        request,
        application,
        NoteForm(request.POST),
        invalid="Write the note before saving it.",
        success="Note added.",
        call=lambda data: Note.objects.create(
            application=application, author=request.user, body=data["body"]
        ),
    )


@portal_view
def application_rate(request, application):
    application = _application(request, application, write=True)
    require_post(request)
    criteria = list(application.vacancy.rating_criteria.all())
    form = RatingForm(request.POST, criteria=criteria, current={})
    if form.is_valid():
        with transaction.atomic():
            for name, field in form.fields.items():
                score = form.cleaned_data.get(name)
                if score:
                    Rating.objects.update_or_create(
                        application=application,
                        criterion=field.criterion,
                        rater=request.user,
                        defaults={"score": score},
                    )
        messages.success(request, "Your ratings are saved.")
    else:
        messages.error(request, "Choose a score from 1 to 5.")
    return _back(application)


@portal_view
def application_message(request, application):
    application = _application(request, application, write=True)
    require_post(request)
    form = MessageForm(request.POST, organisation_id=application.vacancy.organisation_id)
    if form.is_valid() and send_message(
        application, subject=form.cleaned_data["subject"], body=form.cleaned_data["body"]
    ):
        messages.success(request, "Your message has been sent to the candidate.")
    else:
        messages.error(request, "The message could not be sent: write a subject and a message.")
    return _back(application)


@portal_view
def application_cv(request, application):
    """Download the CV, or preview a PDF in the browser (?preview=1): scanned clean only, identity
    visible only, always audited."""
    application = _application(request, application)
    cv = application.cv
    if cv is None or not cv.is_available or not identity_visible(application):
        raise Http404("No CV available")
    filename, detected = cv_download(cv)
    preview = request.GET.get("preview") == "1" and detected == PDF
    record_access(
        actor=request.user,
        action=PersonalDataAccess.Action.CV_DOWNLOADED,
        application=application,
        detail="preview" if preview else "",  # not the file's name: the log holds no personal text
        request_id=getattr(request, "request_id", ""),
    )
    response = private_file_response(
        cv.file, filename=filename, content_type=detected.content_type, inline=preview
    )
    if preview and response.status_code == 200:  # shown in the page's frame by the browser's PDF viewer
        response["Content-Security-Policy"] = "sandbox; default-src 'none'; object-src 'self'"
        response["X-Frame-Options"] = "SAMEORIGIN"
    return response


@portal_view
def application_offer(request, application):
    application = _application(request, application, write=True)
    require_post(request)
    return _stage_action(
        request,
        application,
        OfferForm(request.POST),
        invalid="Check the offer details and try again.",
        success="Conditional offer made. The candidate has been emailed.",
        call=lambda data: offers.make_offer(
            application,
            by=request.user,
            expected_stage=data["expected_stage"],
            start_date=data["start_date"],
            conditions=data["conditions"],
            checks_due=data["checks_due"],
            dbs_level=data["dbs_level"],
        ),
    )


@portal_view
def application_withdraw_offer(request, application):
    application = _application(request, application, write=True)
    require_post(request)
    form = WithdrawOfferForm(request.POST)
    if getattr(application, "offer", None) is None:
        form.add_error(None, "There is no offer to withdraw.")
    return _stage_action(
        request,
        application,
        form,
        invalid="Give a reason for withdrawing the offer.",
        success="The offer has been withdrawn and the candidate told.",
        call=lambda data: offers.withdraw_offer(
            application, by=request.user, expected_stage=data["expected_stage"], reason=data["reason"]
        ),
    )


@portal_view
def application_hire(request, application):
    application = _application(request, application, write=True)
    require_post(request)
    return _stage_action(
        request,
        application,
        StageConfirmForm(request.POST),
        invalid="Something went wrong: reload the page and try again.",
        success="Hired. The candidate has been emailed.",
        call=lambda data: offers.hire(application, by=request.user, expected_stage=data["expected_stage"]),
    )


@portal_view
def check_update(request, check):
    check = get_for_user(
        checks_for(request.user).select_related("application__vacancy"),
        request.user,
        write=True,
        public_id=check,
    )
    require_post(request)
    form = CheckForm(request.POST, instance=CheckItem.objects.get(pk=check.pk), prefix=str(check.public_id))
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.fields}
        try:
            offers.update_check(check, by=request.user, **fields)
        except PipelineError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{check.get_kind_display()} updated.")
            return _back(check.application)
    # Not saved: the application's page with this check's form as posted, its errors beside it.
    application = _application(request, check.application.public_id)
    return _application_page(
        request, application, list_query=_list_query(request.POST), check_form=form, status=400
    )


@portal_view
def interview_outcome(request, interview):
    interview = get_for_user(
        interviews_for(request.user).select_related("application__vacancy"),
        request.user,
        write=True,
        public_id=interview,
    )
    require_post(request)
    return _stage_action(
        request,
        interview.application,
        OutcomeForm(request.POST),
        invalid="Choose whether the candidate attended.",
        success=lambda data: f"Interview recorded as “{Interview.Status(data['status']).label}”.",
        call=lambda data: interview_service.record_outcome(interview, data["status"]),
    )
