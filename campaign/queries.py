"""Read-only queries behind the campaign pages and blocks. Each returns a small, fully fetched list so
templates never trigger queries of their own."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Max, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from ats.models import AfcPayPoint, Vacancy

JOBS_URL = "/jobs/"


def live_vacancies() -> QuerySet[Vacancy]:
    """Live vacancies that have not passed their closing date."""
    today = timezone.localdate()
    return Vacancy.objects.filter(status=Vacancy.Status.LIVE).filter(
        Q(closing_date__isnull=True) | Q(closing_date__gte=today)
    )


def featured_vacancies(
    *, count: int = 3, role: str = "", setting: str = "", area: str = "", employer_kind: str = ""
) -> list[Vacancy]:
    qs = live_vacancies()
    if role:
        qs = qs.filter(role__slug=role)
    if setting:
        qs = qs.filter(setting=setting)
    if employer_kind:
        qs = qs.filter(organisation__kind=employer_kind)
    if area:
        qs = qs.filter(
            Q(locations__local_authority__slug=area) | Q(organisation__local_authority__slug=area)
        ).distinct()
    return list(
        qs.select_related("organisation", "role")
        .prefetch_related("locations")
        .order_by("-published_at")[:count]
    )


def job_search_url(**params: str) -> str:
    query = urlencode({k: v for k, v in params.items() if v})
    return f"{JOBS_URL}?{query}" if query else JOBS_URL


@dataclass(frozen=True)
class PayRange:
    low: Decimal | None
    high: Decimal | None
    afc_bands: list[tuple[str, Decimal, Decimal]]  # (band, lowest annual, highest annual)
    vacancy_count: int

    @property
    def has_hourly(self) -> bool:
        return self.low is not None


def pay_range_for_role(role_id: int | None) -> PayRange:
    """Hourly pay range over live vacancies for a role, plus the AfC bands used by NHS posts."""
    if role_id is None:
        return PayRange(None, None, [], 0)
    qs = live_vacancies().filter(role_id=role_id)
    hourly = qs.filter(pay_period=Vacancy.PayPeriod.HOUR, pay_min__isnull=False).aggregate(
        low=Min("pay_min"), high=Max("pay_max")
    )
    bands = sorted(set(qs.exclude(afc_band="").values_list("afc_band", flat=True)))
    afc: list[tuple[str, Decimal, Decimal]] = []
    if bands:
        year = (
            AfcPayPoint.objects.order_by("-financial_year").values_list("financial_year", flat=True).first()
        )
        points = (
            AfcPayPoint.objects.filter(financial_year=year, band__in=bands)
            .values("band")
            .annotate(low=Min("annual_salary"), high=Max("annual_salary"))
        )
        afc = [(p["band"], p["low"], p["high"]) for p in sorted(points, key=lambda p: p["band"])]
    count = qs.count()
    return PayRange(hourly["low"], hourly["high"] or hourly["low"], afc, count)


def upcoming_events(*, count: int = 3, area: str = "", local_authority_id: int | None = None) -> list:
    from campaign.models import EventPage

    qs = EventPage.objects.live().public().filter(start__gte=timezone.now())
    if area:
        qs = qs.filter(local_authority__slug=area)
    if local_authority_id:
        qs = qs.filter(Q(local_authority_id=local_authority_id) | Q(local_authority__isnull=True))
    return list(qs.select_related("local_authority").order_by("start")[:count])


CARD_IMAGE_SPECS = ("fill-480x360|format-webp", "fill-960x720|format-webp")


def image_prefetch(field: str, filter_specs: tuple[str, ...] = CARD_IMAGE_SPECS) -> Prefetch:
    """Prefetch an image foreign key with its renditions: two queries for a whole listing."""
    from cms.models import CustomImage

    return Prefetch(field, queryset=CustomImage.objects.prefetch_renditions(*filter_specs))


def stories_for_block(chosen_ids: list[int], *, count: int = 4) -> list:
    from campaign.models import StoryPage

    qs = (
        StoryPage.objects.live()
        .public()
        .select_related("role", "local_authority")
        .prefetch_related(image_prefetch("photo"))
    )
    if chosen_ids:
        by_id = {s.pk: s for s in qs.filter(pk__in=chosen_ids)}
        return [by_id[pk] for pk in chosen_ids if pk in by_id]
    return list(qs.order_by("-first_published_at")[:count])
