"""Vacancy lifecycle: stable slugs, derived search columns, status moves, expiry and click-outs."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify

from ats.jobs.models import Vacancy, VacancyPoint
from ats.jobs.pay import afc_ranges, derived_pay
from ats.organisations.models import Organisation
from ats.pipeline.models import RatingCriterion
from cms.page_cache import purge_job_pages

Status = Vacancy.Status

# Allowed status moves. Closed posts can be reopened (a new closing date); filled is final.
ALLOWED_MOVES: dict[str, set[str]] = {
    Status.DRAFT: {Status.PENDING, Status.LIVE},
    Status.PENDING: {Status.DRAFT, Status.LIVE},
    Status.LIVE: {Status.CLOSED, Status.FILLED},
    Status.CLOSED: {Status.LIVE, Status.FILLED},
    Status.FILLED: set(),
}
TERMINAL = {status for status, moves in ALLOWED_MOVES.items() if not moves}


class VacancyStatusError(ValueError):
    pass


def unique_slug(title: str, organisation_name: str, *, exclude_pk: int | None = None) -> str:
    """'Care assistant' at 'Tyne Care' → 'care-assistant-tyne-care', then -2, -3... Made once, kept."""
    base = slugify(f"{title} {organisation_name}")[:200].strip("-") or "job"
    taken = set(
        Vacancy.objects.filter(Q(slug=base) | Q(slug__startswith=f"{base}-"))
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def live_vacancies(today: datetime.date | None = None):
    """Live and not past the closing date (expiry also runs nightly; this covers the hours between)."""
    today = today or timezone.localdate()
    return Vacancy.objects.filter(status=Status.LIVE).filter(
        Q(closing_date__isnull=True) | Q(closing_date__gte=today)
    )


def vacancy_points(vacancy: Vacancy, locations: list) -> list[tuple[float, float]]:
    """Where a job is, for distance: each located site; for a post covering an area (home care), the
    centroid of each council it covers (its sites' councils, else the employer's areas or council)."""
    if vacancy.covers_area:
        councils = [loc.local_authority for loc in locations if loc.local_authority]
        if not councils:
            organisation = vacancy.organisation
            councils = list(organisation.areas_served.all()) or [organisation.local_authority]
        points = [(la.latitude, la.longitude) for la in councils if la and la.latitude is not None]
        if points:
            return list(dict.fromkeys(points))
    return list(dict.fromkeys((loc.latitude, loc.longitude) for loc in locations if loc.latitude is not None))


def purge_job_listings() -> None:
    """Once the transaction commits, cached campaign pages that list jobs are forgotten, so a job
    published, closed, expired, filled, deleted or edited shows as it now is (ADR 0004)."""
    transaction.on_commit(purge_job_pages)


def refresh_vacancies(ids: Iterable[int]) -> int:
    """Recompute the derived columns (pay in both units, the first three points and the first
    location's council, the employer's kind, search text and, on PostgreSQL, the weighted full-text vector) and the points
    distance is measured from (VacancyPoint, and how many there are) for these vacancies. Every
    create and edit of a vacancy (portal, admin, import, employer edits) comes through here, so
    pages listing jobs are purged here too."""
    ids = list(ids)
    if not ids:
        return 0
    purge_job_listings()
    ranges = afc_ranges()
    vacancies = list(
        Vacancy.objects.filter(pk__in=ids)
        .select_related("organisation__local_authority", "role")
        .prefetch_related("locations__local_authority", "organisation__areas_served")
    )
    points: list[VacancyPoint] = []
    for vacancy in vacancies:
        (
            vacancy.hourly_pay_min,
            vacancy.hourly_pay_max,
            vacancy.annual_pay_min,
            vacancy.annual_pay_max,
            vacancy.pay_year,
        ) = derived_pay(vacancy, ranges)
        locations = sorted(vacancy.locations.all(), key=lambda loc: loc.pk)
        first = next((loc for loc in locations if loc.latitude is not None), None)
        where = vacancy_points(vacancy, locations)
        for n, (latitude, longitude) in enumerate(Vacancy.ROW_POINTS):  # the first three, in order
            point = where[n] if n < len(where) else (None, None)
            setattr(vacancy, latitude, point[0])
            setattr(vacancy, longitude, point[1])
        vacancy.point_count = len(where)
        points += [VacancyPoint(vacancy=vacancy, latitude=lat, longitude=lon) for lat, lon in where]
        vacancy.local_authority = (
            first.local_authority if first else vacancy.organisation.local_authority
        ) or next((loc.local_authority for loc in locations if loc.local_authority), None)
        vacancy.organisation_kind = vacancy.organisation.kind
        places = {part for loc in locations for part in (loc.town, loc.postcode) if part}
        vacancy.search_text = " ".join(
            filter(
                None,
                [
                    vacancy.role.name if vacancy.role else "",
                    vacancy.organisation.name,
                    vacancy.get_setting_display(),
                    vacancy.area_description,
                    vacancy.local_authority.name if vacancy.local_authority else "",
                    *sorted(places),
                ],
            )
        )
    Vacancy.objects.bulk_update(
        vacancies,
        [
            "hourly_pay_min",
            "hourly_pay_max",
            "annual_pay_min",
            "annual_pay_max",
            "pay_year",
            *(column for point in Vacancy.ROW_POINTS for column in point),
            "point_count",
            "local_authority",
            "organisation_kind",
            "search_text",
        ],
        batch_size=1000,
    )
    VacancyPoint.objects.filter(vacancy_id__in=ids).delete()
    VacancyPoint.objects.bulk_create(points, batch_size=1000)
    update_search_vectors(ids)
    return len(vacancies)


def refresh_organisation_vacancies(organisation: Organisation) -> int:
    """After an employer is edited: its kind, name and areas served feed its vacancies' derived
    columns (the employer filter, keyword search, an area post's points)."""
    return refresh_vacancies(organisation.vacancies.values_list("pk", flat=True))


def update_search_vectors(ids: list[int] | None = None) -> None:
    """PostgreSQL only: title weighs most, then role/employer/place and summary, then the description."""
    if connection.vendor != "postgresql":
        return
    from django.contrib.postgres.search import SearchVector

    vector = (
        SearchVector("title", weight="A", config="english")
        + SearchVector("search_text", weight="B", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("description", weight="C", config="english")
    )
    queryset = Vacancy.objects.all() if ids is None else Vacancy.objects.filter(pk__in=ids)
    queryset.update(search_vector=vector)


def save_vacancy(vacancy: Vacancy, *, locations=None) -> Vacancy:
    """Create or update a vacancy: a slug made once from title and employer, derived columns kept."""
    with transaction.atomic():
        if not vacancy.slug:
            vacancy.slug = unique_slug(vacancy.title, vacancy.organisation.name)
        if vacancy.status == Status.LIVE and vacancy.published_at is None:
            vacancy.published_at = timezone.now()
        vacancy.save()
        if locations is not None:
            vacancy.locations.set(locations)
        refresh_vacancies([vacancy.pk])
    vacancy.refresh_from_db()
    return vacancy


def change_status(vacancy: Vacancy, to: str, *, by=None) -> Vacancy:
    """Move a vacancy to a new status, or raise VacancyStatusError for a move that is not allowed."""
    with transaction.atomic():
        locked = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
        if to not in ALLOWED_MOVES[locked.status]:
            raise VacancyStatusError(
                f"A {locked.get_status_display().lower()} job cannot be moved to {Status(to).label.lower()}."
            )
        if to == Status.LIVE and locked.closing_date and locked.closing_date < timezone.localdate():
            raise VacancyStatusError("Set a closing date in the future before reopening this job.")
        if Status.LIVE in (locked.status, to):
            purge_job_listings()
        fields = {"status": to, "updated_at": timezone.now()}
        if to == Status.LIVE and locked.published_at is None:
            fields["published_at"] = timezone.now()
        Vacancy.objects.filter(pk=locked.pk).update(**fields)
    vacancy.refresh_from_db()
    return vacancy


def expire_vacancies(today: datetime.date | None = None) -> int:
    """Close every live vacancy whose closing date has passed. Safe to run any number of times."""
    today = today or timezone.localdate()
    with transaction.atomic():
        closed = Vacancy.objects.filter(status=Status.LIVE, closing_date__lt=today).update(
            status=Status.CLOSED, updated_at=timezone.now()
        )
        if closed:
            purge_job_listings()
    return closed


def record_click_out(vacancy: Vacancy) -> str:
    """Count a click through to the employer's own system; returns where to send the person."""
    Vacancy.objects.filter(pk=vacancy.pk).update(click_outs=F("click_outs") + 1)
    return vacancy.external_url


def absolute(url: str) -> str:
    return f"{settings.SITE_URL}{url}"


# Vacancies from the portal: create, publish (or wait for regional approval), clone, close.
#
# Slugs, derived search columns and the status rules live in ats.jobs.vacancies; this module adds
# what the portal needs on top (approval for unverified organisations, rating criteria, cloning).
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
