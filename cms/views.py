"""Site-wide views that are not Wagtail pages."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render

from wagtail.models import Page

from campaign.queries import job_search_url, live_vacancies


def search(request):
    """Search campaign pages (Wagtail search; PostgreSQL full-text in production) and live jobs."""
    query = (request.GET.get("q") or "").strip()[:200]
    results = Page.objects.none()
    vacancies = []
    if query:
        results = Page.objects.live().public().filter(depth__gt=1).specific().search(query)
        vacancies = list(
            live_vacancies()
            .filter(Q(title__icontains=query) | Q(summary__icontains=query) | Q(role__name__icontains=query))
            .select_related("organisation")
            .order_by("-published_at")[:5]
        )
    page = Paginator(results, 10).get_page(request.GET.get("page"))
    return render(
        request,
        "search.html",
        {
            "search_query": query,
            "results": page,
            "vacancies": vacancies,
            "jobs_url": job_search_url(q=query),
        },
    )
