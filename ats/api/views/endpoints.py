"""The API's operations. Writes go through the portal's vacancy form (the same rules, one place)
and its services, inside one transaction with the stored idempotent answer and the audit entry."""

from __future__ import annotations

import uuid

from ninja import Field, Header, Query, Router, Schema, Status
from ninja.errors import HttpError, ValidationError
from ninja.patch_dict import PatchDict

from django.conf import settings
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from ats.api import idempotency
from ats.api.audit import record_api_write
from ats.api.schemas import (
    ApplicationOut,
    LocationOut,
    Message,
    RoleOut,
    VacancyFields,
    VacancyIn,
    VacancyOut,
    ValidationErrors,
    application_out,
    vacancy_out,
)
from ats.applications.models import Application
from ats.jobs import vacancies as publishing
from ats.jobs.forms.vacancies import VacancyForm
from ats.jobs.models import Role, Vacancy
from ats.organisations.models import Organisation

router = Router()

ERRORS = {401: Message, 404: Message, 422: ValidationErrors, 429: Message}
WRITE_ERRORS = {**ERRORS, 400: Message, 409: Message}  # 400: a body that is not JSON
IdempotencyKey = Header(
    None,
    alias="Idempotency-Key",
    max_length=idempotency.MAX_KEY_LENGTH,
    description="Any unique string (a UUID): the write is done once, a repeat gets the first answer",
)


class Page(Schema):
    count: int
    items: list[VacancyOut]


class ApplicationPage(Schema):
    count: int
    items: list[ApplicationOut]


class Paging(Schema):
    limit: int = Field(50, ge=1, le=200, description="How many to return (at most 200)")
    offset: int = Field(0, ge=0, le=1_000_000, description="How many to skip")

    def window(self) -> slice:
        return slice(self.offset, self.offset + self.limit)


def _organisation(request: HttpRequest) -> Organisation:
    return request.auth.organisation


def _vacancies(request: HttpRequest) -> QuerySet[Vacancy]:
    return (
        Vacancy.objects.filter(organisation=_organisation(request))
        .select_related("role")
        .prefetch_related("locations")
        .annotate(application_count=Count("applications"))
    )


def _vacancy(request: HttpRequest, public_id: uuid.UUID) -> Vacancy:
    return get_object_or_404(_vacancies(request), public_id=public_id)


def _out(vacancy: Vacancy) -> dict:
    vacancy = Vacancy.objects.filter(pk=vacancy.pk).select_related("role").prefetch_related("locations").get()
    return vacancy_out(vacancy, site_url=settings.SITE_URL, applications=vacancy.applications.count())


def _listed(vacancy: Vacancy) -> dict:
    return vacancy_out(vacancy, site_url=settings.SITE_URL, applications=vacancy.application_count)


def _current(vacancy: Vacancy) -> dict:
    """A vacancy's fields as the API writes them (for a partial update to start from)."""
    data = {name: getattr(vacancy, name) for name in VacancyFields.model_fields}
    data["role"] = vacancy.role.slug if vacancy.role else None
    data["locations"] = [location.pk for location in vacancy.locations.all()]
    return data


def _checked_form(request: HttpRequest, fields: dict, vacancy: Vacancy | None) -> VacancyForm:
    """The portal's vacancy form, filled from the API's fields; its errors are the API's 422."""
    organisation = _organisation(request)
    data = {name: ("" if value is None else value) for name, value in fields.items()}
    data["organisation"] = organisation.pk
    errors = []
    if fields.get("role"):
        role = Role.objects.filter(slug=fields["role"]).first()
        if role is None:
            errors.append(_error("role", "Choose a role from GET /roles (its slug), or leave it out."))
        data["role"] = role.pk if role else ""
    form = VacancyForm(
        data=data,
        instance=vacancy or Vacancy(organisation=organisation),
        organisations=Organisation.objects.filter(pk=organisation.pk),
    )
    if not form.is_valid() or errors:
        for name, messages in form.errors.items():
            if name == "role" and errors:
                continue
            errors += [_error(name, message) for message in messages]
        raise ValidationError(errors)
    return form


def _error(name: str, message: str) -> dict:
    loc = ["body"] if name == "__all__" else ["body", "payload", name]
    return {"loc": loc, "msg": str(message), "type": "value_error"}


def _answer(request: HttpRequest, response: HttpResponse, key: str | None, write) -> Status:
    print_ = idempotency.fingerprint(request.method, request.path, request.body)
    try:
        with transaction.atomic():
            answer = idempotency.once(_organisation(request), key, print_, write)
    except idempotency.IdempotencyConflict as exc:
        raise ValidationError(
            [{"loc": ["header", "Idempotency-Key"], "msg": str(exc), "type": "idempotency_key_reused"}]
        ) from exc
    except publishing.VacancyStatusError as exc:
        raise HttpError(409, str(exc)) from exc
    if answer.replayed:
        response["Idempotent-Replayed"] = "true"
    return Status(answer.status, answer.body)


def _request_id(request: HttpRequest) -> str:
    return getattr(request, "request_id", "")


@router.get("/vacancies", response={200: Page, **ERRORS}, tags=["vacancies"])
def list_vacancies(request, paging: Query[Paging], status: Vacancy.Status | None = None):
    """Your organisation's vacancies, newest first."""
    vacancies = _vacancies(request).order_by("-created_at", "-pk")
    if status:
        vacancies = vacancies.filter(status=status)
    return Status(
        200, {"count": vacancies.count(), "items": [_listed(v) for v in vacancies[paging.window()]]}
    )


@router.post("/vacancies", response={201: VacancyOut, **WRITE_ERRORS}, tags=["vacancies"])
def create_vacancy(
    request, response: HttpResponse, payload: VacancyIn, idempotency_key: str | None = IdempotencyKey
):
    """Post a vacancy: saved as a draft, or published at once with `publish: true`."""
    fields = payload.model_dump(exclude={"publish"})

    def write():
        form = _checked_form(request, fields, None)
        vacancy = form.save(commit=False)
        publishing.create_vacancy(vacancy, locations=form.cleaned_data["locations"])
        if payload.publish:
            publishing.publish_vacancy(vacancy)
        record_api_write(
            vacancy, "ats.api.create", api_key=request.auth, request_id=_request_id(request), changed=fields
        )
        return 201, _out(vacancy)

    return _answer(request, response, idempotency_key, write)


@router.get("/vacancies/{vacancy_id}", response={200: VacancyOut, **ERRORS}, tags=["vacancies"])
def get_vacancy(request, vacancy_id: uuid.UUID):
    return Status(200, _listed(_vacancy(request, vacancy_id)))


@router.patch("/vacancies/{vacancy_id}", response={200: VacancyOut, **WRITE_ERRORS}, tags=["vacancies"])
def update_vacancy(
    request,
    response: HttpResponse,
    vacancy_id: uuid.UUID,
    payload: PatchDict[VacancyFields],
    idempotency_key: str | None = IdempotencyKey,
):
    """Change some of a vacancy's fields; those left out keep their values."""
    vacancy = _vacancy(request, vacancy_id)

    def write():
        locked = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
        form = _checked_form(request, {**_current(locked), **payload}, locked)
        saved = publishing.save_vacancy(form.save(commit=False), locations=form.cleaned_data["locations"])
        record_api_write(
            saved,
            "ats.api.edit",
            api_key=request.auth,
            request_id=_request_id(request),
            changed=form.changed_data,
        )
        return 200, _out(saved)

    return _answer(request, response, idempotency_key, write)


def _status_change(request, response, vacancy_id, key, change, label: str):
    vacancy = _vacancy(request, vacancy_id)

    def write():
        changed = change(vacancy)
        record_api_write(
            changed, "ats.api.status", api_key=request.auth, request_id=_request_id(request), changed=[label]
        )
        return 200, _out(changed)

    return _answer(request, response, key, write)


@router.post("/vacancies/{vacancy_id}/close", response={200: VacancyOut, **WRITE_ERRORS}, tags=["vacancies"])
def close_vacancy(
    request, response: HttpResponse, vacancy_id: uuid.UUID, idempotency_key: str | None = IdempotencyKey
):
    """Close a live vacancy: it leaves the site and takes no more applications."""
    return _status_change(request, response, vacancy_id, idempotency_key, publishing.close_vacancy, "closed")


@router.post(
    "/vacancies/{vacancy_id}/publish", response={200: VacancyOut, **WRITE_ERRORS}, tags=["vacancies"]
)
def publish_vacancy(
    request, response: HttpResponse, vacancy_id: uuid.UUID, idempotency_key: str | None = IdempotencyKey
):
    """Publish a draft: live for a verified organisation, otherwise waiting for approval."""
    return _status_change(
        request, response, vacancy_id, idempotency_key, publishing.publish_vacancy, "published"
    )


@router.get(
    "/vacancies/{vacancy_id}/applications", response={200: ApplicationPage, **ERRORS}, tags=["applications"]
)
def list_applications(request, vacancy_id: uuid.UUID, paging: Query[Paging]):
    """Where each application to this vacancy has got to."""
    vacancy = _vacancy(request, vacancy_id)
    applications = vacancy.applications.select_related("vacancy").order_by("applied_at", "pk")
    items = [application_out(application) for application in applications[paging.window()]]
    return Status(200, {"count": applications.count(), "items": items})


@router.get("/applications/{application_id}", response={200: ApplicationOut, **ERRORS}, tags=["applications"])
def get_application(request, application_id: uuid.UUID):
    application = get_object_or_404(
        Application.objects.filter(vacancy__organisation=_organisation(request)).select_related("vacancy"),
        public_id=application_id,
    )
    return Status(200, application_out(application))


@router.get("/locations", response={200: list[LocationOut], **ERRORS}, tags=["reference"])
def list_locations(request):
    """Your organisation's locations: their ids go in a vacancy's `locations`."""
    return Status(
        200, list(_organisation(request).locations.order_by("name").values("id", "name", "town", "postcode"))
    )


@router.get("/roles", response={200: list[RoleOut], **ERRORS}, tags=["reference"])
def list_roles(request):
    """The roles a vacancy can have: a slug goes in a vacancy's `role`."""
    return Status(200, list(Role.objects.values("slug", "name")))
