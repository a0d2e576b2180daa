"""Job alerts: turn a search into an alert, confirm it (double opt-in), unsubscribe in one click."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, QueryDict
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ats.alerts import subscriptions as alert_service
from ats.alerts.describe import describe_search
from ats.alerts.forms import JobAlertForm
from ats.jobs.forms.search import OUTSIDE, JobSearchForm
from cms import ratelimit


def _search_from(query: str, council: str | None = None) -> tuple[JobSearchForm, str]:
    data = QueryDict(query[:2000], mutable=True)
    if council:
        data["council"] = council[:100]
    form = JobSearchForm(data)
    form.is_valid()
    return form, describe_search(form)


def _council_choices(search_form: JobSearchForm) -> list[tuple[str, str]]:
    """A split postcode district with no council chosen yet: the alert asks, as the search does."""
    if not search_form.needs_council:
        return []
    choices = [(la.slug, la.name) for la in search_form.split_councils]
    if search_form.split_outside:
        choices.append((OUTSIDE, "Another council, outside the North East"))
    return choices


@require_http_methods(["GET", "POST"])
def create_alert(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if not ratelimit.allow(request, "alert"):
            return TemplateResponse(request, "ats/apply/too_many.html", status=429)
        search_form, description = _search_from(request.POST.get("query", ""), request.POST.get("council"))
        councils = _council_choices(search_form)
        form = JobAlertForm(request.POST, councils=councils)
        if form.is_valid():
            alert = alert_service.create_alert(
                search_form.criteria(),
                email=form.cleaned_data["email"],
                frequency=form.cleaned_data["frequency"],
                description=description,
                user=request.user,
            )
            return TemplateResponse(
                request,
                "ats/alerts/created.html",
                {"alert": alert, "confirmed": alert.confirmed_at is not None},
            )
    else:
        query = request.GET.urlencode()
        initial = {"query": query}
        if request.user.is_authenticated:
            initial["email"] = request.user.email
        search_form, description = _search_from(query)
        form = JobAlertForm(initial=initial, councils=_council_choices(search_form))
    return TemplateResponse(
        request,
        "ats/alerts/create.html",
        {
            "form": form,
            "description": description,
            "search_errors": search_form.errors,
            "place": search_form.place,
        },
    )


def confirm_alert(request: HttpRequest, token: str) -> HttpResponse:
    try:
        alert = alert_service.confirm_alert(token)
    except alert_service.AlertTokenError as error:
        return TemplateResponse(request, "ats/alerts/problem.html", {"message": str(error)}, status=400)
    return TemplateResponse(request, "ats/alerts/confirmed.html", {"alert": alert})


@csrf_exempt  # the signed token is the credential; mail clients POST here for one-click unsubscribe
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        if request.method == "POST":
            alert = alert_service.unsubscribe_alert(token)
            return TemplateResponse(request, "ats/alerts/unsubscribed.html", {"alert": alert})
        alert = alert_service.alert_from_unsubscribe_token(token)
    except alert_service.AlertTokenError as error:
        return TemplateResponse(request, "ats/alerts/problem.html", {"message": str(error)}, status=400)
    return TemplateResponse(request, "ats/alerts/unsubscribe.html", {"alert": alert})
