"""Vacancy management: list, create, edit, preview, publish, clone, close; regional approval."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render

from ats.jobs import vacancies as publishing
from ats.jobs.forms.vacancies import ScreeningQuestionForm, VacancyForm
from ats.jobs.models import Vacancy
from ats.organisations.permissions import (
    can_edit,
    editable_organisations_for,
    get_for_user,
    is_regional_admin,
    vacancies_for,
)
from ats.organisations.views.common import portal_view, require_post
from ats.pipeline.forms import CriterionForm
from ats.pipeline.models import RatingCriterion
from ats.pipeline.views.dashboard import stage_counts


@portal_view
def vacancy_list(request):
    status = request.GET.get("status", "")
    vacancies = (
        vacancies_for(request.user)
        .select_related("organisation")
        .annotate(total=Count("applications"), **stage_counts())
    )
    if status in Vacancy.Status.values:
        vacancies = vacancies.filter(status=status)
    return render(
        request,
        "ats/recruit/vacancy_list.html",
        {
            "vacancies": vacancies.order_by("-created_at")[:200],
            "statuses": Vacancy.Status.choices,
            "status": status,
        },
    )


@portal_view
def vacancy_create(request):
    organisations = editable_organisations_for(request.user)
    if not organisations.exists():
        raise Http404("Not found")
    form = VacancyForm(request.POST or None, organisations=organisations)
    return _vacancy_form(
        request,
        form,
        save=publishing.create_vacancy,
        saved="Vacancy saved as a draft. Preview it, then publish it.",
        context={"creating": True},
    )


@portal_view
def vacancy_edit(request, vacancy):
    vacancy = get_for_user(vacancies_for(request.user), request.user, write=True, public_id=vacancy)
    form = VacancyForm(
        request.POST or None, instance=vacancy, organisations=editable_organisations_for(request.user)
    )
    return _vacancy_form(
        request, form, save=publishing.save_vacancy, saved="Vacancy saved.", context={"vacancy": vacancy}
    )


def _vacancy_form(request, form, *, save, saved: str, context: dict):
    """Create and edit: a valid POST saves through the service and goes to the preview."""
    if request.method == "POST" and form.is_valid():
        vacancy = form.save(commit=False)
        save(vacancy, locations=form.cleaned_data["locations"])
        messages.success(request, saved)
        return redirect("recruit:vacancy-preview", vacancy=vacancy.public_id)
    return render(request, "ats/recruit/vacancy_form.html", {"form": form, **context})


@portal_view
def vacancy_preview(request, vacancy):
    vacancy = get_for_user(
        vacancies_for(request.user).select_related("organisation", "role"), request.user, public_id=vacancy
    )
    return render(
        request,
        "ats/recruit/vacancy_preview.html",
        {"vacancy": vacancy, "can_edit": can_edit(request.user, vacancy.organisation_id)},
    )


def _vacancy_to_change(request, public_id) -> Vacancy:
    """The vacancy a POST-only action changes: scoped first, so another organisation's id is a 404."""
    vacancy = get_for_user(vacancies_for(request.user), request.user, write=True, public_id=public_id)
    require_post(request)
    return vacancy


def _change_status(request, vacancy, change, success: Callable[[Vacancy], str]):
    try:
        change(vacancy)
    except publishing.VacancyStatusError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success(vacancy))
    return redirect("recruit:vacancy-preview", vacancy=vacancy.public_id)


def _published(vacancy) -> str:
    if vacancy.status == Vacancy.Status.LIVE:
        return "Your vacancy is live."
    return (
        "Your vacancy is waiting for approval by a regional admin, because your organisation "
        "is not verified yet. We will publish it once approved."
    )


@portal_view
def vacancy_publish(request, vacancy):
    vacancy = _vacancy_to_change(request, vacancy)
    return _change_status(request, vacancy, publishing.publish_vacancy, _published)


@portal_view
def vacancy_clone(request, vacancy):
    vacancy = _vacancy_to_change(request, vacancy)
    copy = publishing.clone_vacancy(vacancy)
    messages.success(request, "A draft copy has been made. Change what you need and publish it.")
    return redirect("recruit:vacancy-edit", vacancy=copy.public_id)


@portal_view
def vacancy_close(request, vacancy):
    vacancy = _vacancy_to_change(request, vacancy)
    return _change_status(
        request,
        vacancy,
        publishing.close_vacancy,
        lambda _: "The vacancy is closed: it no longer takes applications.",
    )


@portal_view
def vacancy_criteria(request, vacancy):
    """Criteria recruiters rate applications against."""

    def add(vacancy, form):
        RatingCriterion.objects.create(
            vacancy=vacancy, name=form.cleaned_data["name"], sort_order=vacancy.rating_criteria.count()
        )

    return _vacancy_items(request, vacancy, CriterionForm(request.POST or None), add, "criteria")


@portal_view
def vacancy_questions(request, vacancy):
    """Screening questions asked when people apply; a knock-out answer flags the application."""

    def add(vacancy, form):
        question = form.save(commit=False)
        question.vacancy = vacancy
        question.sort_order = vacancy.screening_questions.count()
        question.save()

    return _vacancy_items(request, vacancy, ScreeningQuestionForm(request.POST or None), add, "questions")


# A vacancy's lists of things: its name in URLs, templates and context → (related name, noun).
VACANCY_ITEMS = {
    "criteria": ("rating_criteria", "Criterion"),
    "questions": ("screening_questions", "Question"),
}


def _vacancy_items(request, public_id, form, add, kind: str):
    """A vacancy's criteria or questions: anyone in scope reads them, editors add and remove."""
    related, noun = VACANCY_ITEMS[kind]
    vacancy = get_for_user(vacancies_for(request.user), request.user, public_id=public_id)
    if request.method == "POST":
        vacancy = get_for_user(vacancies_for(request.user), request.user, write=True, pk=vacancy.pk)
        remove = request.POST.get("remove")
        if remove and remove.isdigit():
            getattr(vacancy, related).filter(pk=remove).delete()
            messages.success(request, f"{noun} removed.")
            return redirect(f"recruit:vacancy-{kind}", vacancy=vacancy.public_id)
        if form.is_valid():
            add(vacancy, form)
            messages.success(request, f"{noun} added.")
            return redirect(f"recruit:vacancy-{kind}", vacancy=vacancy.public_id)
    return render(
        request,
        f"ats/recruit/vacancy_{kind}.html",
        {
            "vacancy": vacancy,
            kind: getattr(vacancy, related).all(),
            "form": form,
            "can_edit": can_edit(request.user, vacancy.organisation_id),
        },
    )


def _regional_admin_only(request) -> None:
    if not is_regional_admin(request.user):
        raise Http404("Not found")


@portal_view
def approvals(request):
    _regional_admin_only(request)
    pending = (
        Vacancy.objects.filter(status=Vacancy.Status.PENDING)
        .select_related("organisation")
        .order_by("updated_at")
    )
    return render(request, "ats/recruit/approvals.html", {"vacancies": pending})


@portal_view
def approve(request, vacancy):
    _regional_admin_only(request)
    vacancy = get_for_user(vacancies_for(request.user), request.user, public_id=vacancy)
    require_post(request)
    try:
        if request.POST.get("decision") == "return":
            publishing.return_to_draft(vacancy)
            messages.success(request, f"“{vacancy.title}” was returned to its organisation as a draft.")
        else:
            publishing.approve_vacancy(vacancy)
            messages.success(request, f"“{vacancy.title}” is approved and live.")
    except publishing.VacancyStatusError as exc:
        messages.error(request, str(exc))
    return redirect("recruit:approvals")
