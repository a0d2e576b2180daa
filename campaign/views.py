"""Views behind campaign pages: event registration, registering interest with an academy and
'find your local care academy'."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from wagtail.models import Page

from ats.places.postcodes import PostcodeError, lookup
from ats.routing.enquiries import submit_enquiry
from campaign.forms import AcademyFinderForm, AcademyInterestForm, EventRegistrationForm, academy_consent
from campaign.models import AcademyPage
from campaign.queries import job_search_url, live_vacancies, public_pages
from campaign.services.events import RegistrationRefused, refusal_reason, register_for_event
from cms import ratelimit
from cms.forms import SiteSearchForm


def _attribution(request) -> dict:
    from cms.attribution import get_attribution

    return get_attribution(request)


def event_registration(request, event):
    """GET shows the form (or why registration is closed); POST registers."""
    refused = refusal_reason(event)
    if request.method == "POST" and not refused and not ratelimit.allow(request, "event"):
        return render(request, "ats/apply/too_many.html", status=429)
    form = EventRegistrationForm(request.POST or None)
    if request.method == "POST" and not refused and form.is_valid():
        try:
            register_for_event(
                event,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
                access_needs=form.cleaned_data["access_needs"],
                attribution=_attribution(request),
            )
        except RegistrationRefused as exc:
            form.add_error("email" if "email" in exc.message else None, exc.message)
            if "email" not in exc.message:
                refused = exc.message
        else:
            request.session[f"registered-{event.pk}"] = True
            return redirect(event.url + event.reverse_subpage("registered"))
    return event.render(
        request,
        template="campaign/event_register.html",
        context_overrides={"form": form, "refused": refused},
    )


def academy_interest(request, academy):
    """The register-interest form on an academy page. GET shows the page; POST makes an enquiry
    addressed to this academy (through the enquiry service), then shows the confirmation."""
    name = academy.organisation.name
    if request.method != "POST" or academy.register_url:  # registrations taken elsewhere
        return academy.render(request)
    if not ratelimit.allow(request, "enquiry"):  # one budget with the enquiry form
        return render(request, "ats/apply/too_many.html", status=429)
    form = AcademyInterestForm(request.POST, academy_name=name)
    if not form.is_valid():
        response = academy.render(request, context_overrides={"interest_form": form})
        response.status_code = 400
        return response
    if not form.is_spam:  # a bot filled the hidden field: looks sent, stores nothing
        submit_enquiry(
            {**form.cleaned_data, "interests": ["training"]},
            user=request.user,
            attribution=_attribution(request),
            consent_wording=academy_consent(name),
            destination=academy.organisation,
        )
    request.session[f"academy-interest-{academy.pk}"] = form.cleaned_data["email"].lower()
    return redirect(academy.url + academy.reverse_subpage("registered"))


@require_GET
def academy_finder(request):
    """Postcode in, the council's academy page out (or a clear error on this page)."""
    form = AcademyFinderForm(request.GET or None)
    to_register = request.GET.get("next") == "register"  # from the quiz's "register interest" step
    error = ""
    if form.is_valid():
        try:
            place = lookup(form.cleaned_data["postcode"])
        except PostcodeError as exc:
            form.add_error("postcode", str(exc))
        else:
            academy = None
            if place.local_authority:
                academy = (
                    public_pages(AcademyPage.objects.live())
                    .filter(organisation__local_authority=place.local_authority)
                    .first()
                )
            if academy:
                # From the quiz's "register interest" step: straight to the academy's form.
                return redirect(academy.url + ("#register-interest" if to_register else ""))
            error = (
                "That postcode is outside the 12 North East council areas we cover. "
                "Contact your own council about care training."
            )
    academies = public_pages(AcademyPage.objects.live()).order_by("title")
    return render(
        request,
        "campaign/academy_finder.html",
        {"form": form, "outside_error": error, "academies": academies, "to_register": to_register},
    )


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
