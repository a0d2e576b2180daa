"""Site-wide views that are not Wagtail pages."""

from django.core.paginator import Paginator
from django.shortcuts import render

from wagtail.models import Page


def search(request):
    query = (request.GET.get("q") or "").strip()[:200]
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().specific().search(query)
    page = Paginator(results, 10).get_page(request.GET.get("page"))
    return render(request, "search.html", {"search_query": query, "results": page})
