"""Read-only queries behind the campaign pages and blocks. Each returns a small, fully fetched list so
templates never trigger queries of their own."""

from __future__ import annotations

import time
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.apps import apps
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Max, Min, OuterRef, Q, QuerySet, StringAgg, Subquery, Value
from django.utils import timezone

from ats.models import AfcPayPoint, Location, Vacancy
from cms.chrome import restricted_page_paths
from cms.images import attach_renditions

JOBS_URL = "/jobs/"
# Figures drawn from every live job (a role's pay range, an area's job and employer counts) are
# kept this long: as long as a cached page shows them. Counting them is the slowest part of an
# uncached role or area page (about 3 ms of Python and 10-60 ms of database at 50,000 jobs).
FIGURES_SECONDS = 300
# What a job card (components/job_card.html) shows: listings fetch only these columns.
JOB_CARD_FIELDS = (
    "slug",
    "title",
    "setting",
    "new_to_care_welcome",
    "afc_band",
    "pay_min",
    "pay_max",
    "pay_period",
    "hours_per_week",
    "hourly_pay_min",
    "hourly_pay_max",
    "annual_pay_min",
    "annual_pay_max",
    "pay_year",
    "published_at",
    "organisation__name",
    "organisation__kind",
)
# What page.url needs, then what event and story cards (components/) show.
PAGE_URL_FIELDS = ("path", "depth", "url_path", "locale_id", "title", "live")
EVENT_CARD_FIELDS = (
    *PAGE_URL_FIELDS,
    "kind",
    "summary",
    "start",
    "venue_name",
    "online_url",
    "local_authority__name",
)
STORY_CARD_FIELDS = (
    *PAGE_URL_FIELDS,
    "first_published_at",
    "person_name",
    "quote",
    "job_title",
    "employer_name",
    "role__name",
    "local_authority__name",
)


def public_pages(qs):
    """`.public()` without its view-restriction query when no page is restricted (the usual case)."""
    return qs.public() if restricted_page_paths() else qs


def live_vacancies(today=None) -> QuerySet[Vacancy]:
    """Live vacancies that have not passed their closing date."""
    today = timezone.localdate() if today is None else today
    return Vacancy.objects.filter(status=Vacancy.Status.LIVE).filter(
        Q(closing_date__isnull=True) | Q(closing_date__gte=today)
    )


def in_area(vacancies: QuerySet[Vacancy], area: str) -> QuerySet[Vacancy]:
    """Vacancies in a council area (slug), by the job search's own test (Vacancy.local_authority:
    the council of a job's first site, else its employer's), so an area page's "See 12 jobs" opens a
    search that finds the same 12. (It was "any site there, or an employer based there": a count the
    search did not match, and a 58 ms scan at 50,000 vacancies.)"""
    return vacancies.filter(local_authority__slug=area)


def featured_vacancies(
    *, count: int = 3, role: str = "", setting: str = "", area: str = "", employer_kind: str = ""
) -> list[Vacancy]:
    """The newest live jobs, filtered by the filters given, with what a job card shows."""
    qs = live_vacancies()
    if role:
        qs = qs.filter(role__slug=role)
    if setting:
        qs = qs.filter(setting=setting)
    if employer_kind:
        qs = qs.filter(organisation__kind=employer_kind)
    if area:
        qs = in_area(qs, area)
    first_town = Location.objects.filter(vacancies=OuterRef("pk")).exclude(town="").values("town")[:1]
    return list(
        qs.select_related("organisation")
        .only(*JOB_CARD_FIELDS)
        .annotate(first_town=Subquery(first_town))
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


def _figures(key: str, compute):
    """A figure from the cache, or computed and kept for everyone until the end of the current
    FIGURES_SECONDS window (the window is in the key, so every cache backend agrees on when)."""
    key = f"{key}:{int(time.time() // FIGURES_SECONDS)}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, FIGURES_SECONDS)
    return value


def area_job_counts(local_authority_id: int) -> tuple[int, int]:
    """(live jobs, employers with one) in a council area, as its job search counts them."""

    def count() -> tuple[int, int]:
        counts = (
            live_vacancies()
            .filter(local_authority_id=local_authority_id)
            .aggregate(jobs=Count("pk"), employers=Count("organisation", distinct=True))
        )
        return counts["jobs"], counts["employers"]

    return _figures(f"campaign:area-jobs:{local_authority_id}", count)


def pay_range_for_role(role_id: int | None) -> PayRange:
    """Hourly pay range over live vacancies for a role, plus the AfC bands used by NHS posts."""
    if role_id is None:
        return PayRange(None, None, [], 0)
    return _figures(f"campaign:role-pay:{role_id}", lambda: _pay_range(role_id))


def _pay_range(role_id: int) -> PayRange:
    qs = live_vacancies().filter(role_id=role_id)
    hourly_filter = Q(pay_period=Vacancy.PayPeriod.HOUR, pay_min__isnull=False)
    # One pass over the role's live jobs: the hourly range, the count and the AfC bands they use.
    hourly = qs.aggregate(
        low=Min("pay_min", filter=hourly_filter),
        high=Max("pay_max", filter=hourly_filter),
        count=Count("pk"),
        # DISTINCT with a delimiter is PostgreSQL-only; SQLite's copies are dropped below.
        bands=StringAgg(
            "afc_band",
            delimiter=Value(","),
            filter=~Q(afc_band=""),
            distinct=connection.vendor == "postgresql",
            default="",
        ),
    )
    bands = sorted({band for band in hourly["bands"].split(",") if band})
    afc: list[tuple[str, Decimal, Decimal]] = []
    if bands:
        # Those bands at the latest year's pay points. (Asked as a subquery of the jobs, the planner
        # scanned the role's jobs once per pay point: 65 ms at 50,000 jobs.)
        latest_year = AfcPayPoint.objects.order_by("-financial_year").values("financial_year")[:1]
        points = (
            AfcPayPoint.objects.filter(financial_year=Subquery(latest_year), band__in=bands)
            .values("band")
            .annotate(low=Min("annual_salary"), high=Max("annual_salary"))
            .order_by("band")
        )
        afc = [(p["band"], p["low"], p["high"]) for p in points]
    return PayRange(hourly["low"], hourly["high"] or hourly["low"], afc, hourly["count"])


def upcoming_events(*, count: int = 3, area: str = "", local_authority_id: int | None = None) -> list:
    from campaign.models import EventPage

    qs = public_pages(EventPage.objects.live().filter(start__gte=timezone.now()))
    if area:
        qs = qs.filter(local_authority__slug=area)
    if local_authority_id:
        qs = qs.filter(Q(local_authority_id=local_authority_id) | Q(local_authority__isnull=True))
    return list(qs.select_related("local_authority").only(*EVENT_CARD_FIELDS).order_by("start")[:count])


def story_cards(qs):
    """What a story card shows (its photo's renditions come with attach_renditions)."""
    return qs.select_related("role", "local_authority", "photo").only(*STORY_CARD_FIELDS, "photo")


def stories_for_block(chosen_ids: list[int], *, count: int = 4, renditions: bool = True) -> list:
    """The chosen stories in the editor's order (those still live), else the newest; their photos'
    renditions fetched in one more query (unless `renditions` is false: a page fetching them with
    its own images, cms.images.preload_page_images)."""
    from campaign.models import StoryPage

    live = story_cards(public_pages(StoryPage.objects.live()))
    if chosen_ids:
        by_id = live.in_bulk(list(dict.fromkeys(chosen_ids)))
        stories = [by_id[pk] for pk in chosen_ids if pk in by_id]
    else:
        stories = list(live.order_by("-first_published_at")[:count])
    if renditions:
        attach_renditions(story.photo for story in stories)
    return stories


class ChildListing:
    """A parent page's live children of one type (public ones, when any page is restricted).

    `refine(queryset, *shape, **values)` narrows and orders the children; `images` names the image
    field whose renditions come in one more query."""

    def __init__(self, model_path: str, refine, *, images: str = ""):
        self.model_path = model_path
        self.refine = refine
        self.images = images

    def queryset(self, parent, *shape, **values) -> QuerySet:
        model = apps.get_model(self.model_path)
        children = public_pages(model.objects.child_of(parent).live())
        return self.refine(children, *shape, **values)

    def _with_images(self, rows: list) -> list:
        """Rows showing the same image share one instance of it (each row's join made its own),
        so its renditions are fetched and kept once rather than copied for every row."""
        if self.images:
            shared: dict[int, object] = {}
            for row in rows:
                image = getattr(row, self.images)
                if image is not None:
                    setattr(row, self.images, shared.setdefault(image.pk, image))
            attach_renditions(shared.values())
        return rows

    def list(self, parent, *shape, **values) -> list:
        return self._with_images(list(self.queryset(parent, *shape, **values)))

    def page(self, parent, number, per_page: int, *shape, **values):
        """A Paginator page of the children (a count, then the page's rows)."""
        page = Paginator(self.queryset(parent, *shape, **values), per_page).get_page(number)
        page.object_list = self._with_images(list(page.object_list))
        return page
