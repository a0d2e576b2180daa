"""The audit log of who looked at candidates' personal data. Append-only (ats.models.PersonalDataAccess).

What goes in a row is chosen so the log never needs erasing with a person: ids, the action, a
non-identifying label (a vacancy title, a count) and the request id; never a candidate's name,
email or file name."""

from __future__ import annotations

from ats.applications.models import Application
from ats.organisations.models import Organisation
from ats.pipeline.models import PersonalDataAccess


def record_access(
    *,
    actor,
    action: str,
    application: Application | None = None,
    organisation: Organisation | None = None,
    detail: str = "",
    request_id: str = "",
) -> PersonalDataAccess:
    if organisation is None:
        organisation = application.vacancy.organisation
    return PersonalDataAccess.objects.create(
        actor=actor,
        action=action,
        application=application,
        organisation=organisation,
        organisation_name=organisation.name[:200],
        detail=detail[:255],
        request_id=request_id[:64],
    )
