"""Views behind campaign pages: event registration and 'find your local care academy'."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from ats.services.postcodes import PostcodeError, lookup
from campaign.forms import AcademyFinderForm, EventRegistrationForm
from campaign.models import AcademyPage
from campaign.queries import public_pages
from campaign.services.events import RegistrationRefused, refusal_reason, register_for_event


def _attribution(request) -> dict:
    from cms.attribution import get_attribution

    return get_attribution(request)


def event_registration(request, event):
    """GET shows the form (or why registration is closed); POST registers."""
    refused = refusal_reason(event)
    form = EventRegistrationForm(request.POST or None)
    if request.method == "POST" and not refused and form.is_valid():
        try:
            register_for_event(
                event,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
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


@require_GET
def academy_finder(request):
    """Postcode in, the council's academy page out (or a clear error on this page)."""
    form = AcademyFinderForm(request.GET or None)
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
                return redirect(academy.url)
            error = (
                "That postcode is outside the 12 North East council areas we cover. "
                "Contact your own council about care training."
            )
    academies = public_pages(AcademyPage.objects.live()).order_by("title")
    return render(
        request,
        "campaign/academy_finder.html",
        {"form": form, "outside_error": error, "academies": academies},
    )
