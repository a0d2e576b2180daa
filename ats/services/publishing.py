"""Vacancies from the portal: save, publish (or wait for regional approval), clone, close."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from ats.models import RatingCriterion, Vacancy

DEFAULT_CRITERIA = ("Values and attitude", "Communication", "Relevant experience or transferable skills")


def unique_slug(title: str) -> str:
    return f"{slugify(title)[:180] or 'job'}-{uuid.uuid4().hex[:6]}"


def create_vacancy(vacancy: Vacancy, *, locations=None) -> Vacancy:
    """Save a new draft vacancy with a unique slug and the default rating criteria."""
    with transaction.atomic():
        vacancy.slug = vacancy.slug or unique_slug(vacancy.title)
        vacancy.status = Vacancy.Status.DRAFT
        vacancy.save()
        if locations is not None:
            vacancy.locations.set(locations)
        RatingCriterion.objects.bulk_create(
            RatingCriterion(vacancy=vacancy, name=name, sort_order=n)
            for n, name in enumerate(DEFAULT_CRITERIA)
        )
    return vacancy


def publish_vacancy(vacancy: Vacancy) -> Vacancy:
    """Live at once for a verified organisation; otherwise pending a regional admin's approval."""
    if vacancy.organisation.verified:
        vacancy.status = Vacancy.Status.LIVE
        vacancy.published_at = vacancy.published_at or timezone.now()
    else:
        vacancy.status = Vacancy.Status.PENDING
    vacancy.save(update_fields=["status", "published_at", "updated_at"])
    return vacancy


def approve_vacancy(vacancy: Vacancy) -> Vacancy:
    if vacancy.status != Vacancy.Status.PENDING:
        raise ValueError("Only a vacancy waiting for approval can be approved.")
    vacancy.status = Vacancy.Status.LIVE
    vacancy.published_at = timezone.now()
    vacancy.save(update_fields=["status", "published_at", "updated_at"])
    return vacancy


def return_to_draft(vacancy: Vacancy) -> Vacancy:
    vacancy.status = Vacancy.Status.DRAFT
    vacancy.save(update_fields=["status", "updated_at"])
    return vacancy


def close_vacancy(vacancy: Vacancy) -> Vacancy:
    vacancy.status = Vacancy.Status.CLOSED
    vacancy.save(update_fields=["status", "updated_at"])
    return vacancy


def clone_vacancy(vacancy: Vacancy) -> Vacancy:
    """A draft copy with the same details, locations and rating criteria; no applications."""
    with transaction.atomic():
        locations = list(vacancy.locations.all())
        criteria = list(vacancy.rating_criteria.values_list("name", "sort_order"))
        copy = Vacancy.objects.get(pk=vacancy.pk)
        copy.pk = None
        copy.id = None
        copy._state.adding = True
        copy.public_id = uuid.uuid4()
        copy.title = f"{vacancy.title} (copy)"
        copy.slug = unique_slug(vacancy.title)
        copy.status = Vacancy.Status.DRAFT
        copy.published_at = None
        copy.save()
        copy.locations.set(locations)
        RatingCriterion.objects.bulk_create(
            RatingCriterion(vacancy=copy, name=name, sort_order=order) for name, order in criteria
        )
    return copy
