"""The content calendar: what goes live, comes down or takes place in the next weeks (pages with a
go-live or expiry time, events, campaign banners), optionally for one campaign (a campaign landing
page with the pages below it, and the banners that link to it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from wagtail.models import Page, Revision

from campaign.models import CampaignLandingPage, EventPage
from cms.models import CampaignBanner

DEFAULT_WEEKS = 6


@dataclass(frozen=True)
class Entry:
    at: datetime
    what: str  # "Goes live", "Comes down", "Takes place", "Banner shows", "Banner ends"
    title: str
    kind: str  # "Page", "Event", "Banner"
    edit_url_name: str
    edit_pk: int


def campaigns():
    return CampaignLandingPage.objects.order_by("title")


def calendar_entries(
    start: datetime | None = None, *, weeks: int = DEFAULT_WEEKS, campaign=None
) -> list[Entry]:
    start = start or timezone.now()
    end = start + timedelta(weeks=weeks)
    pages = Page.objects.all()
    banners = CampaignBanner.objects.all()
    if campaign is not None:
        pages = Page.objects.descendant_of(campaign, inclusive=True)
        banners = banners.filter(Q(link_url=campaign.url) | Q(link_url=campaign.full_url))
    page_ids = pages.values("pk")
    entries: list[Entry] = []
    # A scheduled publication waits in an approved revision (the page's own go_live_at may be set too).
    going_live = dict(
        Revision.page_revisions.filter(approved_go_live_at__range=(start, end)).values_list(
            "object_id", "approved_go_live_at"
        )
    )
    for page in pages.filter(Q(pk__in=[int(pk) for pk in going_live]) | Q(go_live_at__range=(start, end))):
        at = going_live.get(str(page.pk)) or page.go_live_at
        entries.append(Entry(at, "Goes live", page.title, "Page", "wagtailadmin_pages:edit", page.pk))
    for page in Page.objects.filter(pk__in=page_ids, expire_at__range=(start, end)).only(
        "title", "expire_at"
    ):
        entries.append(
            Entry(page.expire_at, "Comes down", page.title, "Page", "wagtailadmin_pages:edit", page.pk)
        )
    for event in EventPage.objects.filter(pk__in=page_ids, start__range=(start, end)).only("title", "start"):
        entries.append(
            Entry(event.start, "Takes place", event.title, "Event", "wagtailadmin_pages:edit", event.pk)
        )
    banner_edit = "wagtailsnippets_cms_campaignbanner:edit"
    for banner in banners.filter(active=True, show_from__range=(start, end)):
        entries.append(Entry(banner.show_from, "Banner shows", banner.text, "Banner", banner_edit, banner.pk))
    for banner in banners.filter(active=True, show_until__range=(start, end)):
        entries.append(Entry(banner.show_until, "Banner ends", banner.text, "Banner", banner_edit, banner.pk))
    return sorted(entries, key=lambda entry: (entry.at, entry.title))
