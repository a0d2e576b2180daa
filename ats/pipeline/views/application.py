"""The application page and what a recruiter does there: move, note, rate, message, open the CV,
offer, hire, update checks and record interview outcomes."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.db import transaction
from django.db.models import Avg
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render

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
)
from ats.organisations.views.common import portal_view, require_post
from ats.pipeline import interviews as interview_service
from ats.pipeline import offers, references
from ats.pipeline.forms import (
    NO_REASON,
    CheckForm,
    MessageForm,
    MoveForm,
    NoteForm,
    OfferForm,
    OutcomeForm,
    RatingForm,
    StageConfirmForm,
    WithdrawOfferForm,
)
from ats.pipeline.messaging import send_message
from ats.pipeline.models import CheckEvent, CheckItem, Interview, Note, PersonalDataAccess, Rating
from ats.pipeline.moves import MoveConflict, PipelineError, move_and_notify
from ats.pipeline.status import ALLOWED_MOVES, OPEN_STAGES, Stage
from ats.pipeline.views.pipeline import _list_query, _queue
from ats.privacy.audit import record_access
from cms.storage import private_file_response


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
        "quick_form": MoveForm(application=application, auto_id="quick_%s"),
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
        "outcome": application.outcomes.first() if application.stage == Stage.REJECTED else None,
        "reference_requests": list(application.reference_requests.all()),
        "can_ask_referees": application.stage in OPEN_STAGES,
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
        if not form.is_valid() and "reason" in form.errors:
            invalid = NO_REASON
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
            reason=data["reason"] if data["to"] == Stage.REJECTED else None,
            reason_detail=data["reason_detail"] if data["to"] == Stage.REJECTED else "",
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


@portal_view
def application_references(request, application):
    """Ask the referees now, before an offer (the employer's choice)."""
    application = _application(request, application, write=True)
    require_post(request)
    if application.stage not in OPEN_STAGES:
        return _refused(request, application, "This application is closed.", status=400)
    sent = references.request_references(application)
    if sent:
        messages.success(
            request,
            f"Reference request{'s' if len(sent) != 1 else ''} emailed to {', '.join(r.referee_name for r in sent)}.",
        )
    else:
        messages.success(
            request, "The candidate gave no referees with an email address: we have asked them for some."
        )
    return _back(application)
