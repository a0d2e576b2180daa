"""Equality monitoring reports at /recruit/equality/: aggregate counts only, small numbers hidden.

Regional admins see the whole region and any organisation; an organisation's admins see their own
organisation's applicants. Anyone else (recruiters, viewers, coordinators, other organisations) gets
a 404, as for the audit log (docs/adr/0007). The CSV holds exactly what the page shows.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from ats.organisations.models import Membership
from ats.organisations.permissions import (
    get_for_user,
    is_organisation_admin,
    is_regional_admin,
    organisations_for,
    roles_for,
)
from ats.organisations.views.common import portal_view
from ats.privacy.equality import equality_report, equality_report_csv, responses_for_organisation

REGION = "North East"


def _organisation(request, public_id):
    organisation = get_for_user(organisations_for(request.user), request.user, public_id=public_id)
    if not is_organisation_admin(request.user, organisation.pk):
        raise Http404("Not found")
    return organisation


def _regional_admin_only(request) -> None:
    if not is_regional_admin(request.user):
        raise Http404("Not found")


def _csv(report: dict, *, scope: str, filename: str) -> HttpResponse:
    response = HttpResponse(equality_report_csv(report, scope=scope), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}-equality-{timezone.localdate()}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@portal_view
def index(request):
    """The reports this person may open."""
    regional = is_regional_admin(request.user)
    organisations = organisations_for(request.user).order_by("name")
    if not regional:
        admin_of = [pk for pk, role in roles_for(request.user).items() if role == Membership.Role.ADMIN]
        if not admin_of:
            raise Http404("Not found")
        organisations = organisations.filter(pk__in=admin_of)
    return render(
        request,
        "ats/recruit/equality_index.html",
        {"organisations": organisations[:500], "region": regional},
    )


@portal_view
def region(request):
    _regional_admin_only(request)
    return render(
        request,
        "ats/recruit/equality_report.html",
        {
            "report": equality_report(),
            "scope": f"Everyone in the {REGION} who answered",
            "csv_url": reverse("equality:region-csv"),
        },
    )


@portal_view
def region_csv(request):
    _regional_admin_only(request)
    return _csv(equality_report(), scope=f"Everyone in the {REGION} who answered", filename="north-east")


@portal_view
def organisation(request, organisation):
    organisation = _organisation(request, organisation)
    return render(
        request,
        "ats/recruit/equality_report.html",
        {
            "report": equality_report(responses_for_organisation(organisation)),
            "scope": f"People who applied to {organisation.name} and answered",
            "organisation": organisation,
            "csv_url": reverse("equality:organisation-csv", args=[organisation.public_id]),
        },
    )


@portal_view
def organisation_csv(request, organisation):
    organisation = _organisation(request, organisation)
    return _csv(
        equality_report(responses_for_organisation(organisation)),
        scope=f"People who applied to {organisation.name} and answered",
        filename=organisation.slug,
    )
