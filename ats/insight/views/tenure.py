"""After a hire: record the start (on the application page), the portal's list of "still in post?"
questions that are due, and the page an emailed link opens (no sign-in needed)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from ats.insight import tenure
from ats.insight.forms import StartForm, TenureAnswerForm
from ats.insight.models import TenureCheck
from ats.organisations.permissions import applications_for, get_for_user, tenure_checks_for
from ats.organisations.views.common import portal_view, require_post


@portal_view
def record_start(request, application):
    application = get_for_user(
        applications_for(request.user).select_related("vacancy"),
        request.user,
        write=True,
        public_id=application,
    )
    require_post(request)
    form = StartForm(request.POST)
    if not form.is_valid():
        problems = [error for errors in form.errors.values() for error in errors]
        messages.error(request, "Their start was not recorded: " + " ".join(problems))
    else:
        try:
            tenure.record_start(application, by=request.user, **form.cleaned_data)
        except tenure.TenureError as exc:
            messages.error(request, f"Their start was not recorded: {exc}")
        else:
            messages.success(request, "Start recorded.")
    return redirect("recruit:application-detail", application=application.public_id)


@portal_view
def tenure_due(request):
    """The "still in post?" questions whose day has come, for the user's organisations."""
    due = (
        tenure.due_tenure_checks()
        .filter(pk__in=tenure_checks_for(request.user).values("pk"))
        .select_related("start__application__vacancy__organisation")
        .order_by("due_on", "pk")
    )
    rows = [(check, tenure.person_name(check)) for check in due[:200]]
    return render(
        request,
        "ats/insight/tenure_due.html",
        {"rows": rows, "form": TenureAnswerForm(), "today": timezone.localdate()},
    )


@portal_view
def tenure_answer_in_portal(request, tenure_check):
    check = get_for_user(
        tenure_checks_for(request.user).select_related("start__application__vacancy"),
        request.user,
        write=True,
        public_id=tenure_check,
    )
    require_post(request)
    form = TenureAnswerForm(request.POST)
    if form.is_valid():
        try:
            tenure.answer_tenure_check(check, by=request.user, **form.cleaned_data)
        except tenure.TenureError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, f"Thank you: your answer about {tenure.person_name(check)} is recorded."
            )
    else:
        problems = [error for errors in form.errors.values() for error in errors]
        messages.error(request, "Nothing was recorded: " + " ".join(problems))
    return redirect("recruit:tenure-due")


def tenure_answer(request, token):
    """From the "still in post?" email: one button to confirm the answer chosen in the email (a
    link alone never records anything: mail scanners open links)."""
    check = tenure.check_from_token(token)
    if check is None:
        raise Http404("This link is not valid")
    chosen = request.GET.get("answer", "")
    form = TenureAnswerForm(request.POST or None, initial={"answer": chosen})
    recorded = False
    if request.method == "POST" and form.is_valid():
        try:
            check = tenure.answer_tenure_check(check, **form.cleaned_data)
        except tenure.TenureError as exc:
            form.add_error(None, str(exc))
        else:
            recorded = True
    return render(
        request,
        "ats/insight/tenure_answer.html",
        {
            "check": check,
            "name": tenure.person_name(check),
            "vacancy": check.start.application.vacancy,
            "form": form,
            "chosen": chosen if chosen in TenureCheck.Answer.values else "",
            "recorded": recorded,
        },
        status=400 if form.errors else 200,
    )
