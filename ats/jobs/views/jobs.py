"""Public job pages: search, the job page and the click-out to an employer's own system.

/jobs/ and /jobs/<slug>/ are stable URLs; they render with the live JobSearchPage (its title and
intro) when there is one. The page's own routes call the same functions when placed elsewhere.
"""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Func, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.safestring import mark_safe
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
from ats.organisations.models import Location, Organisation
from ats.places.models import LocalAuthority
from cms.prepared import PreparedQuery, Slot

FILTER_NAMES = (
    "role", "setting", "contract", "pattern", "hours", "kind", "area", "min_pay", "no_driving", "sponsorship",
    "new_to_care",
)  # fmt: skip
PUBLIC_STATUSES = [Vacancy.Status.LIVE, Vacancy.Status.CLOSED, Vacancy.Status.FILLED]

# The job page's queries, compiled once (cms.prepared, ADR 0010): the job with its employer, role
# and council (what get_object_or_404 asked, LIMIT 21 as QuerySet.get), its sites and its employer's
# areas (what prefetch_related fetched, in the same order), and the employer's live jobs counted.
_ID = models.IntegerField()
_JOB = PreparedQuery(
    lambda: (
        Vacancy.objects.select_related("organisation", "role", "local_authority")
        .filter(status__in=PUBLIC_STATUSES)
        .filter(slug=Slot("slug", models.CharField()))
        .order_by()[:21]
    )
)
_SITES = PreparedQuery(lambda: Location.objects.filter(vacancies=Slot("vacancy", _ID)))
_AREAS = PreparedQuery(
    lambda: LocalAuthority.objects.filter(
        **{Organisation._meta.get_field("areas_served").related_query_name(): Slot("organisation", _ID)}
    )
)
_LIVE_JOBS = PreparedQuery(
    lambda: (
        live_vacancies(Slot("today", models.DateField()))
        .filter(organisation=Slot("organisation", _ID))
        .order_by()
        .values_list(Func(template="COUNT(*)", output_field=models.IntegerField()))
    )
)


def json_ld(data: dict) -> str:
    """JSON for a <script type="application/ld+json"> block, safe against '</script>' in any text."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))  # nosec B308 B703  # JSON with <, >, & escaped, as json_script does


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
    """A facet's options as `{% filter_checkboxes %}` (ats.templatetags.job_lists) writes them."""
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
        "employer_jobs": _LIVE_JOBS.run(today=timezone.localdate(), organisation=vacancy.organisation_id)[0][
            0
        ],
        "share_url": request.build_absolute_uri(vacancy.get_absolute_url()),
        "json_ld": json_ld(job_posting(vacancy)) if is_live else "",
        "is_saved": request.user.is_authenticated
        and SavedJob.objects.filter(user=request.user, vacancy=vacancy).exists(),
    }
    return TemplateResponse(request, "ats/job_detail.html", context)


def public_job(slug: str) -> Vacancy:
    """A live, closed or filled job with its employer, role and council, its sites and its
    employer's areas already fetched (as prefetch_related would), or a 404."""
    found = _JOB.run(slug=slug)
    if not found:
        raise Http404("No Vacancy matches the given query.")
    vacancy = found[0]
    _prefetched(vacancy, "locations", _SITES.run(vacancy=vacancy.pk))
    _prefetched(vacancy.organisation, "areas_served", _AREAS.run(organisation=vacancy.organisation_id))
    return vacancy


def _prefetched(instance, name: str, rows: list) -> None:
    """What prefetch_related leaves: `instance.<name>.all()` answers `rows` without a query."""
    queryset = getattr(instance, name).get_queryset()
    queryset._result_cache, queryset._prefetch_done = rows, True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = queryset


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
