"""Job feeds: XML for aggregators (Indeed/Adzuna style), JSON Feed 1.1, RSS per council area."""

from __future__ import annotations

from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import linebreaks

from ats.jobs.jobposting import employment_types
from ats.jobs.models import Vacancy
from ats.jobs.pay import describe_pay
from ats.jobs.vacancies import live_vacancies
from ats.places.models import LocalAuthority

JSON_FEED_LIMIT = 200
AREA_FEED_LIMIT = 50


def _feed_queryset():
    return (
        live_vacancies()
        .select_related("organisation", "role", "local_authority")
        .order_by("-published_at", "-pk")
    )


def _tag(name: str, value) -> str:
    return (
        f"<{name}><![CDATA[{str(value).replace(']]>', ']]]]><![CDATA[>')}]]></{name}>"
        if value
        else f"<{name}/>"
    )


def _job_xml(vacancy: Vacancy) -> str:
    url = f"{settings.SITE_URL}{vacancy.get_absolute_url()}"
    pay = describe_pay(vacancy)
    parts = [
        _tag("title", vacancy.title),
        _tag("date", (vacancy.published_at or vacancy.created_at).isoformat()),
        _tag("referencenumber", vacancy.public_id),
        _tag("url", url),
        _tag("company", vacancy.organisation.name),
        _tag("city", vacancy.local_authority.name if vacancy.local_authority else ""),
        _tag("state", "North East England"),
        _tag("country", "GB"),
        _tag("latitude", vacancy.latitude),
        _tag("longitude", vacancy.longitude),
        _tag("description", linebreaks(vacancy.description or vacancy.summary)),
        _tag("salary", str(pay)),
        _tag("jobtype", ", ".join(t.lower().replace("_", "-") for t in employment_types(vacancy))),
        _tag("category", vacancy.role.name if vacancy.role else vacancy.get_setting_display()),
        _tag("expirationdate", vacancy.closing_date.isoformat() if vacancy.closing_date else ""),
    ]
    return "<job>" + "".join(parts) + "</job>\n"


def xml_feed(request: HttpRequest) -> StreamingHttpResponse:
    """Every live job, streamed, so the feed stays cheap at 50,000 jobs."""

    def lines():
        yield '<?xml version="1.0" encoding="utf-8"?>\n<source>\n'
        yield f"<publisher>{escape(settings.WAGTAIL_SITE_NAME)}</publisher>\n"
        yield f"<publisherurl>{escape(settings.SITE_URL)}/jobs/</publisherurl>\n"
        for vacancy in _feed_queryset().iterator(chunk_size=1000):
            yield _job_xml(vacancy)
        yield "</source>\n"

    return StreamingHttpResponse(lines(), content_type="application/xml; charset=utf-8")


def json_feed(request: HttpRequest) -> JsonResponse:
    """The newest live jobs as a JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    items = []
    for vacancy in _feed_queryset()[:JSON_FEED_LIMIT]:
        pay = describe_pay(vacancy)
        items.append(
            {
                "id": str(vacancy.public_id),
                "url": f"{settings.SITE_URL}{vacancy.get_absolute_url()}",
                "title": vacancy.title,
                "summary": vacancy.summary,
                "content_html": linebreaks(vacancy.description or vacancy.summary),
                "date_published": (vacancy.published_at or vacancy.created_at).isoformat(),
                "date_modified": vacancy.updated_at.isoformat(),
                "authors": [{"name": vacancy.organisation.name}],
                "tags": [t for t in [vacancy.get_setting_display(), vacancy.role and vacancy.role.name] if t],
                "_job": {
                    "employer": vacancy.organisation.name,
                    "area": vacancy.local_authority.name if vacancy.local_authority else None,
                    "latitude": vacancy.latitude,
                    "longitude": vacancy.longitude,
                    "pay": str(pay),
                    "hourly_pay_min": vacancy.hourly_pay_min,
                    "hourly_pay_max": vacancy.hourly_pay_max,
                    "contract": vacancy.contract,
                    "pattern": vacancy.pattern,
                    "closing_date": vacancy.closing_date,
                },
            }
        )
    return JsonResponse(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": f"{settings.WAGTAIL_SITE_NAME}: care jobs",
            "home_page_url": f"{settings.SITE_URL}/jobs/",
            "feed_url": f"{settings.SITE_URL}{reverse('jobs:feed-json')}",
            "items": items,
        },
        json_dumps_params={"ensure_ascii": False},
    )


class AreaJobsFeed(Feed):
    """RSS: the newest live jobs in one council area."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, slug):
        return get_object_or_404(LocalAuthority, slug=slug, in_region=True)

    def title(self, obj: LocalAuthority) -> str:
        return f"Care jobs in {obj.name}"

    def link(self, obj: LocalAuthority) -> str:
        return f"/jobs/?area={obj.slug}"

    def description(self, obj: LocalAuthority) -> str:
        return f"New adult social care jobs in {obj.name} from {settings.WAGTAIL_SITE_NAME}."

    def items(self, obj: LocalAuthority):
        return _feed_queryset().filter(local_authority=obj)[:AREA_FEED_LIMIT]

    def item_title(self, item: Vacancy) -> str:
        return f"{item.title}, {item.organisation.name}"

    def item_description(self, item: Vacancy) -> str:
        return f"{describe_pay(item)}. {item.summary}"

    def item_pubdate(self, item: Vacancy):
        return item.published_at

    def item_guid(self, item: Vacancy) -> str:
        return str(item.public_id)

    item_guid_is_permalink = False
