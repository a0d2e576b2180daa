"""What the employers' API reads and writes. The vacancy fields are the portal form's
(ats.jobs.forms.vacancies.VACANCY_FIELDS, the organisation aside: it is the key's); the form itself
checks them (ats/api/views/endpoints.py), so the rules live in one place. These schemas give the
types and choices for the OpenAPI description; tests/ats/api/test_api_schema.py keeps the two lists
the same. (No `from __future__ import annotations` here: ninja's PatchDict reads the annotations as
types.) Booleans and whole numbers are strict: `0.0` or `"yes"` is not a yes/no answer."""

import datetime
import uuid
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema
from pydantic import StrictBool, StrictInt, model_validator

from ats.applications.models import Application
from ats.jobs.models import Vacancy
from ats.pipeline.status import Stage

MAX_ID = 2**63 - 1  # the largest id a database column holds


class VacancyFields(Schema):
    title: str = Field(description="The job title, as candidates will see it", max_length=200)
    role: str | None = Field(None, description="A role's slug (GET /roles), or null")
    setting: Vacancy.Setting
    locations: list[Annotated[StrictInt, Field(ge=1, le=MAX_ID)]] = Field(
        default_factory=list, description="Ids of your locations (GET /locations)"
    )
    contract: Vacancy.Contract = Vacancy.Contract.PERMANENT
    pattern: Vacancy.Pattern = Vacancy.Pattern.FULL_TIME
    hours_per_week: Decimal | None = None
    pay_min: Decimal | None = None
    pay_max: Decimal | None = None
    pay_period: Vacancy.PayPeriod = Vacancy.PayPeriod.HOUR
    afc_band: str = Field("", description="NHS posts: the Agenda for Change band (2-9, 8a-8d)")
    summary: str = ""
    description: str = ""
    posts: StrictInt = 1
    covers_area: StrictBool = False
    area_description: str = ""
    benefits: list[Vacancy.Benefit] = Field(default_factory=list)
    dbs_level: Vacancy.DbsLevel = Vacancy.DbsLevel.ENHANCED_BARRED
    care_certificate_required: StrictBool = False
    qualification: Vacancy.Qualification = Vacancy.Qualification.NONE
    experience: Vacancy.Experience = Vacancy.Experience.NONE
    own_vehicle_required: StrictBool = False
    closing_date: datetime.date | None = None
    start_date: datetime.date | None = None
    new_to_care_welcome: StrictBool = False
    driving_required: StrictBool = False
    visa_sponsorship: StrictBool = False
    apprenticeship: StrictBool = False
    apply_method: Vacancy.ApplyMethod = Vacancy.ApplyMethod.ON_SITE
    external_url: str = ""
    anonymised_shortlisting: StrictBool = False

    @model_validator(mode="before")
    @classmethod
    def an_object(cls, data):
        """A JSON object, nothing else (ninja's schemas would otherwise read a list's attributes)."""
        if isinstance(data, list | tuple | str | bytes | int | float) or data is None:
            raise ValueError("Send the vacancy's fields as a JSON object.")
        return data


class VacancyIn(VacancyFields):
    publish: StrictBool = Field(
        False,
        description="Publish at once: live for a verified organisation, otherwise waiting for a"
        " regional admin's approval. Otherwise it is saved as a draft.",
    )


class VacancyOut(VacancyFields):
    id: uuid.UUID
    status: Vacancy.Status
    url: str = Field(description="The job's page on the site (shown to the public once live)")
    published_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    applications: int = Field(description="Applications received")


class ApplicationOut(Schema):
    """An application's progress. No personal data: your portal has the candidate."""

    id: uuid.UUID
    vacancy: uuid.UUID
    stage: Stage
    stage_label: str
    applied_at: datetime.datetime | None
    stage_changed_at: datetime.datetime | None = Field(description="When it reached its current stage")
    updated_at: datetime.datetime


class LocationOut(Schema):
    id: int
    name: str
    town: str
    postcode: str


class RoleOut(Schema):
    slug: str
    name: str


class Message(Schema):
    detail: str


class FieldError(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrors(Schema):
    detail: list[FieldError]


def vacancy_out(vacancy: Vacancy, *, site_url: str, applications: int) -> dict:
    data = {name: getattr(vacancy, name) for name in VacancyFields.model_fields}
    data.update(
        role=vacancy.role.slug if vacancy.role else None,
        locations=sorted(location.pk for location in vacancy.locations.all()),
        id=vacancy.public_id,
        status=vacancy.status,
        url=f"{site_url}{vacancy.get_absolute_url()}",
        published_at=vacancy.published_at,
        created_at=vacancy.created_at,
        updated_at=vacancy.updated_at,
        applications=applications,
    )
    return VacancyOut.model_validate(data).model_dump(mode="json")


def application_out(application: Application) -> dict:
    return {
        "id": application.public_id,
        "vacancy": application.vacancy.public_id,
        "stage": application.stage,
        "stage_label": application.get_stage_display(),
        "applied_at": application.applied_at,
        "stage_changed_at": getattr(application, f"{application.stage}_at", None),
        "updated_at": application.updated_at,
    }
