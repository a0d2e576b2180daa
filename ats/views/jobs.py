"""Public job pages. (Search, filters and distance arrive with the job search issue.)"""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from ats.models import Vacancy


def job_list(request):
    vacancies = (
        Vacancy.objects.filter(status=Vacancy.Status.LIVE)
        .select_related("organisation", "role")
        .order_by("-published_at")
    )
    page = Paginator(vacancies, 20).get_page(request.GET.get("page"))
    return render(request, "ats/job_list.html", {"page_obj": page})


def job_detail(request, slug):
    vacancy = get_object_or_404(
        Vacancy.objects.select_related("organisation", "role").exclude(status=Vacancy.Status.DRAFT), slug=slug
    )
    return render(request, "ats/job_detail.html", {"vacancy": vacancy})
