"""Scheduled publishing runs without anyone running a command: Celery beat in production, and on a
request at most once a minute in the embedded demo; the admin says when it next runs (ADR 0020)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from campaign.models import CampaignLandingPage
from campaign.tasks import publish_scheduled_pages
from tests.factories import UserFactory, with_totp

NOON = timezone.make_aware(timezone.datetime(2027, 3, 1, 12, 0))


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def scheduled(site, slug: str, go_live, expire=None) -> CampaignLandingPage:
    page = CampaignLandingPage(title=slug.title(), slug=slug, hero_heading=f"{slug} campaign", live=False)
    site.home.add_child(instance=page)
    page.go_live_at, page.expire_at = go_live, expire
    page.save_revision().publish()
    return page


@override_settings(SCHEDULED_PUBLISHING_ON_REQUEST=True)
def test_under_the_demo_a_scheduled_page_goes_live_on_the_first_visit_after_its_time(client, site):
    with time_machine.travel(NOON, tick=False):
        scheduled(site, "bus", NOON + timedelta(minutes=30), expire=NOON + timedelta(days=1))
        assert client.get("/bus/").status_code == 404

    with time_machine.travel(NOON + timedelta(minutes=31), tick=False):
        assert client.get("/bus/").status_code == 200

    with time_machine.travel(NOON + timedelta(days=1, minutes=1), tick=False):
        assert client.get("/bus/").status_code == 404  # expired and taken down


@override_settings(SCHEDULED_PUBLISHING_ON_REQUEST=True)
def test_the_demo_checks_at_most_once_a_minute(client, site):
    with time_machine.travel(NOON, tick=False):
        client.get("/")
        scheduled(site, "radio", NOON + timedelta(seconds=20))
    with time_machine.travel(NOON + timedelta(seconds=30), tick=False):
        assert client.get("/radio/").status_code == 404  # due, but checked 30 s ago: next minute
    with time_machine.travel(NOON + timedelta(seconds=61), tick=False):
        assert client.get("/radio/").status_code == 200


def test_without_the_demo_runner_requests_publish_nothing_and_beat_does(client, site):
    assert settings.SCHEDULED_PUBLISHING_ON_REQUEST is False
    with time_machine.travel(NOON, tick=False):
        scheduled(site, "fair", NOON + timedelta(minutes=5))
    with time_machine.travel(NOON + timedelta(minutes=6), tick=False):
        assert client.get("/fair/").status_code == 404
        publish_scheduled_pages.apply()  # what the worker does with what beat sends every minute
        assert client.get("/fair/").status_code == 200


def test_beat_runs_scheduled_publishing_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["publish-scheduled-pages"]

    assert entry == {"task": "campaign.tasks.publish_scheduled_pages", "schedule": 60.0}


@override_settings(SCHEDULED_PUBLISHING_ON_REQUEST=True)
def test_the_dashboard_and_the_calendar_say_when_the_next_check_is(client, site):
    moderator = UserFactory(email="mo@council.example", is_staff=False)
    moderator.groups.add(Group.objects.get(name="Marketing moderators"))
    with_totp(moderator)
    local_noon = timezone.localtime(NOON)

    with time_machine.travel(NOON, tick=False):
        client.force_login(moderator)
        dashboard = client.get("/admin/").content.decode()
        calendar = client.get("/admin/content_calendar/").content.decode()

    assert "Scheduled publishing" in dashboard
    assert (
        f"Last check {local_noon:%H:%M:%S}; next check from {local_noon + timedelta(minutes=1):%H:%M}"
        in dashboard
    )
    assert "first visit after that" in calendar
