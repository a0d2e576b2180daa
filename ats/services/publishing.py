"""Vacancies from the portal: create, publish (or wait for regional approval), clone, close.

Slugs, derived search columns and the status rules live in ats.services.vacancies; this module adds
what the portal needs on top (approval for unverified organisations, rating criteria, cloning)."""

from __future__ import annotations

import uuid

from django.db import transaction

from ats.models import RatingCriterion, Vacancy
from ats.services.vacancies import VacancyStatusError, change_status, save_vacancy

DEFAULT_CRITERIA = ("Values and attitude", "Communication", "Relevant experience or transferable skills")

__all__ = [
    "VacancyStatusError",
    "approve_vacancy",
    "clone_vacancy",
    "close_vacancy",
    "create_vacancy",
    "publish_vacancy",
    "return_to_draft",
    "save_vacancy",
]


def create_vacancy(vacancy: Vacancy, *, locations=None) -> Vacancy:
    """Save a new draft vacancy with the default rating criteria."""
    with transaction.atomic():
        vacancy.status = Vacancy.Status.DRAFT
        save_vacancy(vacancy, locations=locations)
        RatingCriterion.objects.bulk_create(
            RatingCriterion(vacancy=vacancy, name=name, sort_order=n)
            for n, name in enumerate(DEFAULT_CRITERIA)
        )
    return vacancy


def publish_vacancy(vacancy: Vacancy) -> Vacancy:
    """Live at once for a verified organisation; otherwise pending a regional admin's approval."""
    to = Vacancy.Status.LIVE if vacancy.organisation.verified else Vacancy.Status.PENDING
    return change_status(vacancy, to)


def approve_vacancy(vacancy: Vacancy) -> Vacancy:
    if vacancy.status != Vacancy.Status.PENDING:
        raise VacancyStatusError("Only a vacancy waiting for approval can be approved.")
    return change_status(vacancy, Vacancy.Status.LIVE)


def return_to_draft(vacancy: Vacancy) -> Vacancy:
    return change_status(vacancy, Vacancy.Status.DRAFT)


def close_vacancy(vacancy: Vacancy) -> Vacancy:
    return change_status(vacancy, Vacancy.Status.CLOSED)


def clone_vacancy(vacancy: Vacancy) -> Vacancy:
    """A draft copy with the same details, locations and rating criteria; no applications."""
    with transaction.atomic():
        locations = list(vacancy.locations.all())
        criteria = list(vacancy.rating_criteria.values_list("name", "sort_order"))
        copy = Vacancy.objects.get(pk=vacancy.pk)
        copy.pk = copy.id = None
        copy._state.adding = True
        copy.public_id = uuid.uuid4()
        copy.title = f"{vacancy.title} (copy)"
        copy.slug = ""
        copy.status = Vacancy.Status.DRAFT
        copy.published_at = None
        copy.search_vector = None
        save_vacancy(copy, locations=locations)
        RatingCriterion.objects.bulk_create(
            RatingCriterion(vacancy=copy, name=name, sort_order=order) for name, order in criteria
        )
    return copy
