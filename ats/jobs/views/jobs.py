"""Public job pages: search, the job page and the click-out to an employer's own system.

/jobs/ and /jobs/<slug>/ are stable URLs; they render with the live JobSearchPage (its title and
intro) when there is one. The page's own routes call the same functions when placed elsewhere.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from ats.applications.models import SavedJob
from ats.jobs.cards import job_cards
from ats.jobs.forms.search import DEFAULT_RADIUS, RADIUS_CHOICES, SORT_CHOICES, JobSearchForm
from ats.jobs.jobposting import job_posting
from ats.jobs.models import Vacancy
from ats.jobs.pay import describe_pay
from ats.jobs.search import search_vacancies, similar_vacancies
from ats.jobs.search_page import JobSearchPage
from ats.jobs.search_terms import FacetOption
from ats.jobs.vacancies import live_vacancies, record_click_out

FILTER_NAMES = (
    "role", "setting", "contract", "pattern", "hours", "kind", "area", "min_pay", "no_driving", "sponsorship",
    "new_to_care",
)  # fmt: skip
PUBLIC_STATUSES = [Vacancy.Status.LIVE, Vacancy.Status.CLOSED, Vacancy.Status.FILLED]


def render_search(request: HttpRequest, page: JobSearchPage | None = None) -> HttpResponse:
    form = JobSearchForm(request.GET)
    form.is_valid()  # errors are shown inline; every valid field still narrows the search
    criteria = form.criteria()
    results = search_vacancies(criteria, form, page_number=form.cleaned_data.get("page", 1))
    radius = criteria.get("radius") or DEFAULT_RADIUS
    wider = next((r for r in RADIUS_CHOICES if r > radius), None)
    filters_chosen = sum(
        len(value) if isinstance(value, list | tuple | set) else 1
        for name in FILTER_NAMES
        if (value := criteria.get(name))
    )
    context = {
        "page": page,
        "form": form,
        "results": results,
        "cards": job_cards(results.page),
        "facets": {name: checkboxes(name, options) for name, options in results.facets.items()},
        "pay_options": [vars(option) for option in results.min_pay_counts],
        "place": form.place,
        "radius": radius,
        "wider_radius": wider,
        "radius_choices": RADIUS_CHOICES,
        "filters_chosen": filters_chosen,
        "filters_applied": bool(filters_chosen),
    }
    context["sort_choices"] = [
        (value, label)
        for value, label in SORT_CHOICES
        if (value != "distance" or results.searched_by_distance)
        and (value != "relevance" or criteria.get("q"))
    ]
    return TemplateResponse(request, "ats/job_search.html", context)


def checkboxes(name: str, options: list[FacetOption]) -> list[dict]:
    """A facet's options as components/filter_checkboxes.html shows them."""
    return [
        {"id": f"f-{name}-{n}", "value": o.value, "label": o.label, "count": o.count, "selected": o.selected}
        for n, o in enumerate(options, start=1)
    ]


def render_job(request: HttpRequest, slug: str, page: JobSearchPage | None = None) -> HttpResponse:
    vacancy = public_job(slug)
    is_live = vacancy.is_live
    similar = job_cards(similar_vacancies(vacancy))
    location = next((loc for loc in vacancy.locations.all() if loc.latitude is not None), None)
    context = {
        "page": page,
        "vacancy": vacancy,
        "is_live": is_live,
        "pay": describe_pay(vacancy, with_unsocial=True),
        "similar": similar,
        "location": location,
        "employer_jobs": live_vacancies().filter(organisation=vacancy.organisation_id).count(),
        "share_url": request.build_absolute_uri(vacancy.get_absolute_url()),
        "job_posting": job_posting(vacancy) if is_live else None,
        "is_saved": request.user.is_authenticated
        and SavedJob.objects.filter(user=request.user, vacancy=vacancy).exists(),
    }
    return TemplateResponse(request, "ats/job_detail.html", context)


def public_job(slug: str) -> Vacancy:
    """A live, closed or filled job with its employer, role and council, its sites and its
    employer's areas already fetched, or a 404."""
    return get_object_or_404(
        Vacancy.objects.select_related("organisation", "role", "local_authority").prefetch_related(
            "locations", "organisation__areas_served"
        ),
        status__in=PUBLIC_STATUSES,
        slug=slug,
    )


@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    return render_search(request, page=JobSearchPage.current())


@require_GET
def job_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render_job(request, slug, page=JobSearchPage.current())


@require_GET
def click_out(request: HttpRequest, slug: str) -> HttpResponse:
    """Count the click and send the person to the employer's system (NHS Jobs, Trac...)."""
    vacancy = get_object_or_404(
        live_vacancies().filter(~Q(external_url=""), apply_method=Vacancy.ApplyMethod.EXTERNAL), slug=slug
    )
    url = record_click_out(vacancy)
    if not url.startswith(("https://", "http://")):
        raise Http404
    return redirect(url)
