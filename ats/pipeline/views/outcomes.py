"""How applications end: a closed job's waiting applicants (review, hold back, tell), and an
organisation's reasons for not progressing people with the report of them in aggregate."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from ats.organisations.permissions import can_edit, get_for_user, organisations_for, vacancies_for
from ats.organisations.views.common import portal_view
from ats.pipeline import closures, outcomes
from ats.pipeline.bulk import undo_minutes
from ats.pipeline.forms import HoldBackForm, ReasonForm
from ats.pipeline.moves import PipelineError
from ats.pipeline.outcome_models import ClosureNotice
from ats.pipeline.views.pipeline import remember_undo

REPORT_PERIODS = {"3": 3, "12": 12, "36": 36}  # months


@portal_view
def closure(request, vacancy):
    """The applicants a closed or filled job still owes an answer: who will be told and when,
    with a box to hold each back, and a button to tell them now."""
    vacancy = get_for_user(
        vacancies_for(request.user).select_related("organisation"), request.user, public_id=vacancy
    )
    editable = can_edit(request.user, vacancy.organisation_id)
    notice = ClosureNotice.objects.filter(vacancy=vacancy).first()
    waiting = closures.waiting(vacancy)
    form = HoldBackForm(
        request.POST or None,
        applications=waiting,
        initial={"held": list(notice.held.all()) if notice else []},
    )
    if request.method == "POST":
        if not editable:
            raise Http404("Not found")
        if notice is None or notice.sent_at is not None:
            messages.error(request, "There is no notice waiting to be sent for this job.")
            return redirect("recruit:closure", vacancy=vacancy.public_id)
        if form.is_valid():
            closures.hold_back(notice, list(form.cleaned_data["held"]), by=request.user)
            if request.POST.get("action") == "tell":
                try:
                    result = closures.tell_now(notice, by=request.user)
                except PipelineError as exc:
                    messages.error(request, str(exc))
                else:
                    if result.action is not None:
                        remember_undo(request, result.action)
                    messages.success(
                        request,
                        f"{len(result.moved)} applicant{'s' if len(result.moved) != 1 else ''} will be told "
                        f"in {undo_minutes()} minutes. You can undo this from the applications list until then.",
                    )
                    return redirect("recruit:application-list", vacancy=vacancy.public_id)
            else:
                messages.success(request, "Saved. The people you held back will not be told.")
            return redirect("recruit:closure", vacancy=vacancy.public_id)
    held = set(notice.held.values_list("pk", flat=True)) if notice else set()
    rows = [(application, form["held"][n], application.pk in held) for n, application in enumerate(waiting)]
    return render(
        request,
        "ats/recruit/closure.html",
        {
            "vacancy": vacancy,
            "notice": notice,
            "rows": rows,
            "form": form,
            "can_edit": editable,
            "to_tell": len(rows) - len(held),
        },
    )


@portal_view
def outcome_report(request, organisation):
    """The organisation's reasons (add, take out of use, bring back) and how often each was used."""
    organisation = get_for_user(organisations_for(request.user), request.user, public_id=organisation)
    editable = can_edit(request.user, organisation.pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        if not editable:
            raise Http404("Not found")
        toggle = request.POST.get("archive") or request.POST.get("restore")
        try:
            if toggle:
                reason = get_object_or_404(organisation.rejection_reasons, pk=toggle)
                outcomes.set_archived(reason, "archive" in request.POST)
                messages.success(
                    request, f"“{reason.label}” {'taken out of use' if reason.archived else 'back in use'}."
                )
                return redirect("recruit:outcomes", organisation=organisation.public_id)
            if form.is_valid():
                reason = outcomes.add_reason(organisation, form.cleaned_data["label"])
                messages.success(request, f"“{reason.label}” added.")
                return redirect("recruit:outcomes", organisation=organisation.public_id)
        except PipelineError as exc:
            form.add_error("label", str(exc))
    months = REPORT_PERIODS.get(request.GET.get("months", "12"), 12)
    report = outcomes.outcome_report(organisation, since=timezone.now() - timedelta(days=months * 30))
    return render(
        request,
        "ats/recruit/outcomes.html",
        {
            "organisation": organisation,
            "reasons": outcomes.reasons_for(organisation, archived=True),
            "form": form,
            "can_edit": editable,
            "report": report,
            "total": sum(row.total for row in report),
            "months": months,
            "periods": REPORT_PERIODS,
        },
    )
