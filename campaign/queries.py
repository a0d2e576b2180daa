"""Read-only queries behind the campaign pages and blocks. Each returns a small, fully fetched list so
templates never trigger queries of their own."""

from __future__ import annotations

import time
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import connection, models
from django.db.models import Count, Max, Min, OuterRef, Q, QuerySet, StringAgg, Subquery, Value
from django.utils import timezone

from ats.models import AfcPayPoint, Location, Vacancy
from cms.images import attach_renditions
from cms.prepared import PreparedQuery, Slot, slot_list, slot_values

JOBS_URL = "/jobs/"
# Figures drawn from every live job (a role's pay range, an area's job and employer counts) are
# kept this long: as long as a cached page shows them. Counting them is the slowest part of an
# uncached role or area page (about 3 ms of Python and 10-60 ms of database at 50,000 jobs).
FIGURES_SECONDS = 300
# What a job card (campaign.cards.job_card) shows: listings fetch only these columns.
JOB_CARD_FIELDS = (
    "slug",
    "title",
    "setting",
    "new_to_care_welcome",
    "afc_band",
    "pay_min",
    "pay_max",
    "pay_period",
    "published_at",
    "organisation__name",
    "organisation__kind",
)
# What page.url needs, then what event and story cards (campaign.cards) show.
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


def restricted_page_paths() -> list[str]:
    from cms.chrome import restricted_page_paths

    return restricted_page_paths()


def public_pages(qs):
    """`.public()` without its view-restriction query when no page is restricted (the usual case)."""
    return qs.public() if restricted_page_paths() else qs


def live_vacancies(today=None) -> QuerySet[Vacancy]:
    """Live vacancies that have not passed their closing date (`today` may be a Slot)."""
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


def _featured(count: int, role: bool, setting: bool, employer_kind: bool, area: bool) -> QuerySet[Vacancy]:
    """The newest live jobs, filtered by the filters given (their values are Slots)."""
    text = models.CharField()
    qs = live_vacancies(Slot("today", models.DateField()))
    if role:
        qs = qs.filter(role__slug=Slot("role", text))
    if setting:
        qs = qs.filter(setting=Slot("setting", text))
    if employer_kind:
        qs = qs.filter(organisation__kind=Slot("employer_kind", text))
    if area:
        qs = in_area(qs, Slot("area", text))
    first_town = Location.objects.filter(vacancies=OuterRef("pk")).exclude(town="").values("town")[:1]
    return (
        qs.select_related("organisation")
        .only(*JOB_CARD_FIELDS)
        .annotate(first_town=Subquery(first_town))
        .order_by("-published_at")[:count]
    )


# Compiled once per shape (which filters, how many): see cms.prepared.
_FEATURED = PreparedQuery(_featured)


def featured_vacancies(
    *, count: int = 3, role: str = "", setting: str = "", area: str = "", employer_kind: str = ""
) -> list[Vacancy]:
    shape = (count, bool(role), bool(setting), bool(employer_kind), bool(area))
    return _FEATURED.run(
        shape,
        today=timezone.localdate(),
        role=role,
        setting=setting,
        employer_kind=employer_kind,
        area=area,
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


def _upcoming_events(restricted: tuple, count: int, area: bool, local_authority: bool) -> QuerySet:
    from campaign.models import EventPage

    qs = EventPage.objects.live().filter(start__gte=Slot("now", models.DateTimeField()))
    if restricted:
        qs = qs.public()
    if area:
        qs = qs.filter(local_authority__slug=Slot("area", models.CharField()))
    if local_authority:
        qs = qs.filter(
            Q(local_authority_id=Slot("local_authority_id", models.IntegerField()))
            | Q(local_authority__isnull=True)
        )
    return qs.select_related("local_authority").only(*EVENT_CARD_FIELDS).order_by("start")[:count]


# Compiled once per shape; view restrictions are part of it (with any, `.public()` is compiled in).
_UPCOMING_EVENTS = PreparedQuery(_upcoming_events)


def upcoming_events(*, count: int = 3, area: str = "", local_authority_id: int | None = None) -> list:
    return _UPCOMING_EVENTS.run(
        (tuple(restricted_page_paths()), count, bool(area), bool(local_authority_id)),
        now=timezone.now(),
        area=area,
        local_authority_id=local_authority_id,
    )


def _story_cards(qs):
    return qs.select_related("role", "local_authority", "photo").only(*STORY_CARD_FIELDS, "photo")


def _live_stories(restricted: tuple):
    from campaign.models import StoryPage

    qs = StoryPage.objects.live()
    return _story_cards(qs.public() if restricted else qs)


_NEWEST_STORIES = PreparedQuery(
    lambda restricted, count: _live_stories(restricted).order_by("-first_published_at")[:count]
)
_CHOSEN_STORIES = PreparedQuery(
    lambda restricted, n: _live_stories(restricted).filter(pk__in=slot_list("id", n, models.IntegerField()))
)


def stories_for_block(chosen_ids: list[int], *, count: int = 4, renditions: bool = True) -> list:
    """The chosen stories in the editor's order (those still live), else the newest; their photos'
    renditions fetched in one more query (unless `renditions` is false: a page fetching them with
    its own images, cms.images.preload_page_images)."""
    restricted = tuple(restricted_page_paths())
    if chosen_ids:
        ids = list(dict.fromkeys(chosen_ids))
        rows = _CHOSEN_STORIES.run((restricted, len(ids)), **slot_values("id", ids))
        by_id = {s.pk: s for s in rows}
        stories = [by_id[pk] for pk in chosen_ids if pk in by_id]
    else:
        stories = _NEWEST_STORIES.run((restricted, count))
    if renditions:
        attach_renditions(story.photo for story in stories)
    return stories


class ChildListing:
    """A parent page's live children of one type as prepared queries (cms.prepared): compiled once
    per shape and per set of view restrictions (with any, `.public()` is compiled in).

    `refine(queryset, *shape)` narrows and orders the children (values that vary are Slots);
    `images` names the image field whose renditions come in one more query."""

    def __init__(self, model_path: str, refine, *, images: str = ""):
        self.model_path = model_path
        self.refine = refine
        self.images = images
        self.rows = PreparedQuery(lambda restricted, *shape: refine(self._children(restricted), *shape))
        self.ids = PreparedQuery(
            lambda restricted, *shape: refine(self._children(restricted), *shape).values_list("pk", flat=True)
        )
        self.by_id = PreparedQuery(
            lambda n, *shape: (
                refine(self._children(()), *shape)
                .filter(pk__in=slot_list("id", n, models.IntegerField()))
                .order_by()
            )
        )

    @property
    def model(self):
        from django.apps import apps

        return apps.get_model(self.model_path)

    def _children(self, restricted: tuple):
        qs = self.model.objects.filter(
            path__startswith=Slot("parent_path", models.CharField()),
            depth=Slot("child_depth", models.IntegerField()),
        ).live()
        return qs.public() if restricted else qs

    def _where(self, parent) -> dict:
        return {"parent_path": parent.path, "child_depth": parent.depth + 1}

    def _with_images(self, rows: list) -> list:
        """Rows showing the same image share one instance of it (each row's join made its own),
        so its renditions are fetched and kept once rather than copied for every row."""
        if self.images:
            field = self.model._meta.get_field(self.images)
            shared: dict[int, object] = {}
            for row in rows:
                image = field.get_cached_value(row, None)
                if image is not None:
                    field.set_cached_value(row, shared.setdefault(image.pk, image))
            attach_renditions(shared.values())
        return rows

    def list(self, parent, *shape, **values) -> list:
        restricted = tuple(restricted_page_paths())
        rows = self.rows.run((restricted, *shape), **self._where(parent), **values)
        return self._with_images(rows)

    def page(self, parent, number, per_page: int, *shape, **values):
        """A Paginator page of the children: their ids in one query (the count is their number),
        the page's rows in one more."""
        from django.core.paginator import Paginator

        restricted = tuple(restricted_page_paths())
        ids = self.ids.run((restricted, *shape), **self._where(parent), **values)
        page = Paginator(ids, per_page).get_page(number)
        wanted = list(page.object_list)
        if wanted:
            found = {
                row.pk: row
                for row in self.by_id.run(
                    (len(wanted), *shape), **self._where(parent), **slot_values("id", wanted), **values
                )
            }
            page.object_list = self._with_images([found[pk] for pk in wanted if pk in found])
        else:
            page.object_list = []
        return page
