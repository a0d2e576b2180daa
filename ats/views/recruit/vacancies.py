"""Vacancy management: list, create, edit, preview, publish, clone, close; regional approval."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render

from ats.forms.pipeline import CriterionForm
from ats.forms.vacancies import ScreeningQuestionForm, VacancyForm
from ats.models import RatingCriterion, ScreeningQuestion, Vacancy
from ats.permissions import (
    can_edit,
    editable_organisations_for,
    get_for_user,
    is_regional_admin,
    vacancies_for,
)
from ats.services import publishing

from .common import portal_view, require_post
from .dashboard import stage_counts


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
    if request.method == "POST" and form.is_valid():
        vacancy = form.save(commit=False)
        publishing.create_vacancy(vacancy, locations=form.cleaned_data["locations"])
        messages.success(request, "Vacancy saved as a draft. Preview it, then publish it.")
        return redirect("recruit:vacancy-preview", vacancy=vacancy.public_id)
    return render(request, "ats/recruit/vacancy_form.html", {"form": form, "creating": True})


@portal_view
def vacancy_edit(request, vacancy):
    vacancy = get_for_user(vacancies_for(request.user), request.user, write=True, public_id=vacancy)
    form = VacancyForm(
        request.POST or None, instance=vacancy, organisations=editable_organisations_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        publishing.save_vacancy(form.save(commit=False), locations=form.cleaned_data["locations"])
        messages.success(request, "Vacancy saved.")
        return redirect("recruit:vacancy-preview", vacancy=vacancy.public_id)
    return render(request, "ats/recruit/vacancy_form.html", {"form": form, "vacancy": vacancy})


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


@portal_view
def vacancy_publish(request, vacancy):
    vacancy = get_for_user(vacancies_for(request.user), request.user, write=True, public_id=vacancy)
    require_post(request)
    try:
        publishing.publish_vacancy(vacancy)
    except publishing.VacancyStatusError as exc:
        messages.error(request, str(exc))
    else:
        if vacancy.status == Vacancy.Status.LIVE:
            messages.success(request, "Your vacancy is live.")
        else:
            messages.success(
                request,
                "Your vacancy is waiting for approval by a regional admin, because your organisation "
                "is not verified yet. We will publish it once approved.",
            )
    return redirect("recruit:vacancy-preview", vacancy=vacancy.public_id)


@portal_view
def vacancy_clone(request, vacancy):
    vacancy = get_for_user(vacancies_for(request.user), request.user, write=True, public_id=vacancy)
    require_post(request)
    copy = publishing.clone_vacancy(vacancy)
    messages.success(request, "A draft copy has been made. Change what you need and publish it.")
    return redirect("recruit:vacancy-edit", vacancy=copy.public_id)


@portal_view
def vacancy_close(request, vacancy):
    vacancy = get_for_user(vacancies_for(request.user), request.user, write=True, public_id=vacancy)
    require_post(request)
    try:
        publishing.close_vacancy(vacancy)
    except publishing.VacancyStatusError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "The vacancy is closed: it no longer takes applications.")
    return redirect("recruit:vacancy-preview", vacancy=vacancy.public_id)


@portal_view
def vacancy_criteria(request, vacancy):
    vacancy = get_for_user(vacancies_for(request.user), request.user, public_id=vacancy)
    form = CriterionForm(request.POST or None)
    if request.method == "POST":
        vacancy = get_for_user(vacancies_for(request.user), request.user, write=True, pk=vacancy.pk)
        remove = request.POST.get("remove")
        if remove:
            RatingCriterion.objects.filter(vacancy=vacancy, pk=remove).delete()
            messages.success(request, "Criterion removed.")
            return redirect("recruit:vacancy-criteria", vacancy=vacancy.public_id)
        if form.is_valid():
            RatingCriterion.objects.create(
                vacancy=vacancy, name=form.cleaned_data["name"], sort_order=vacancy.rating_criteria.count()
            )
            messages.success(request, "Criterion added.")
            return redirect("recruit:vacancy-criteria", vacancy=vacancy.public_id)
    return render(
        request,
        "ats/recruit/vacancy_criteria.html",
        {
            "vacancy": vacancy,
            "criteria": vacancy.rating_criteria.all(),
            "form": form,
            "can_edit": can_edit(request.user, vacancy.organisation_id),
        },
    )


@portal_view
def vacancy_questions(request, vacancy):
    """Screening questions asked when people apply; a knock-out answer flags the application."""
    vacancy = get_for_user(vacancies_for(request.user), request.user, public_id=vacancy)
    form = ScreeningQuestionForm(request.POST or None)
    if request.method == "POST":
        vacancy = get_for_user(vacancies_for(request.user), request.user, write=True, pk=vacancy.pk)
        remove = request.POST.get("remove")
        if remove:
            ScreeningQuestion.objects.filter(vacancy=vacancy, pk=remove).delete()
            messages.success(request, "Question removed.")
            return redirect("recruit:vacancy-questions", vacancy=vacancy.public_id)
        if form.is_valid():
            question = form.save(commit=False)
            question.vacancy = vacancy
            question.sort_order = vacancy.screening_questions.count()
            question.save()
            messages.success(request, "Question added.")
            return redirect("recruit:vacancy-questions", vacancy=vacancy.public_id)
    return render(
        request,
        "ats/recruit/vacancy_questions.html",
        {
            "vacancy": vacancy,
            "questions": vacancy.screening_questions.all(),
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
