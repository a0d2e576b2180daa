"""The audit log of who looked at candidates' personal data."""

from __future__ import annotations

from ats.models import Application, Organisation, PersonalDataAccess


def record_access(
    *,
    actor,
    action: str,
    application: Application | None = None,
    organisation: Organisation | None = None,
    detail: str = "",
) -> PersonalDataAccess:
    organisation_id = organisation.pk if organisation else application.vacancy.organisation_id
    return PersonalDataAccess.objects.create(
        actor=actor,
        action=action,
        application=application,
        organisation_id=organisation_id,
        detail=detail[:255],
    )
