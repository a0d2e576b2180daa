"""Site-wide views that are not Wagtail pages, and the error handlers."""

import sys

from django.core.paginator import Paginator
from django.db import InterfaceError, OperationalError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader

from wagtail.models import Page

from campaign.queries import job_search_url, live_vacancies
from cms.forms import SiteSearchForm


def search(request):
    """Search campaign pages (Wagtail search; PostgreSQL full-text in production) and live jobs."""
    form = SiteSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
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
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def server_error(request):
    """handler500. A database that can't be reached (or gave up on the statement) is a 503 "try
    again in a few minutes" page; anything else the 500 page. Django calls this while handling the
    exception, so `sys.exc_info()` is the error. Neither template reads the database or the cache,
    and neither claims that what the person sent was saved: it may not have been."""
    unavailable = isinstance(sys.exc_info()[1], OperationalError | InterfaceError)
    template = loader.get_template("503.html" if unavailable else "500.html")
    response = HttpResponse(
        template.render({"request_id": getattr(request, "request_id", "")}),
        status=503 if unavailable else 500,
    )
    if unavailable:
        response["Retry-After"] = "60"
    return response


def bad_request(request, exception):
    """handler400: the 400 page with the request's reference (Django's own shows none)."""
    template = loader.get_template("400.html")
    return HttpResponse(template.render({"request_id": getattr(request, "request_id", "")}), status=400)
