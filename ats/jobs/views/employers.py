"""Public employer profiles: who they are, where they work and their live jobs (nearest first when a
postcode is given). Only verified organisations have one; any other slug is a 404."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.db.models import FloatField, Value
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from ats.jobs.cards import job_cards
from ats.jobs.distance import nearest_distance
from ats.jobs.search_terms import LIST_DEFERRED, PAGE_SIZE
from ats.jobs.vacancies import live_vacancies
from ats.organisations.models import Organisation
from ats.places.postcodes import Place, PostcodeError, lookup

MAX_PAGE = 500


class EmployerJobsForm(forms.Form):
    postcode = forms.CharField(
        label="Your postcode", required=False, help_text="To see how far away each job is, like NE1 4ST"
    )
    page = forms.CharField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.place: Place | None = None

    def clean_postcode(self) -> str:
        value = (self.cleaned_data.get("postcode") or "").strip()[:20]
        if value:
            try:
                self.place = lookup(value)
            except PostcodeError as error:
                raise forms.ValidationError(str(error)) from None
            return self.place.query
        return ""

    def clean_page(self) -> int:
        try:
            return max(1, min(int(self.cleaned_data.get("page") or 1), MAX_PAGE))
        except ValueError:
            return 1


def public_organisations():
    """Organisations with a public profile: verified ones (unverified ones are not yet checked)."""
    return Organisation.objects.filter(verified=True)


@require_GET
def employer_profile(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(public_organisations().select_related("local_authority"), slug=slug)
    form = EmployerJobsForm(request.GET)
    form.is_valid()  # a bad postcode is explained; the jobs are still listed, newest first
    jobs = (
        live_vacancies()
        .filter(organisation=organisation)
        .select_related("organisation", "role", "local_authority")
        .defer(*LIST_DEFERRED)
    )
    if form.place:
        jobs = jobs.annotate(distance=nearest_distance(form.place.latitude, form.place.longitude)).order_by(
            "distance", "-published_at", "-pk"
        )
    else:
        jobs = jobs.annotate(distance=Value(None, output_field=FloatField())).order_by("-published_at", "-pk")
    page = Paginator(jobs, PAGE_SIZE).get_page(form.cleaned_data.get("page", 1))
    context = {
        "organisation": organisation,
        "form": form,
        "place": form.place,
        "jobs": page,
        "cards": job_cards(page, on_employer_page=True),
        "areas": list(organisation.areas_served.all()),
        "locations": list(organisation.locations.select_related("local_authority").order_by("name")),
    }
    return TemplateResponse(request, "ats/employer.html", context)
