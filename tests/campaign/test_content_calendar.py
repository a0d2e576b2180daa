"""The content calendar: what goes live, comes down or takes place in the next weeks, by campaign."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from campaign.models import CampaignLandingPage
from cms.models import CampaignBanner
from tests.factories import UserFactory, with_totp


def moderator_client(client):
    user = UserFactory(email="mo@council.example", is_staff=False)
    user.groups.add(Group.objects.get(name="Marketing moderators"))
    with_totp(user)
    client.force_login(user)
    return client


def test_the_calendar_lists_pages_going_live_and_down_events_and_banners_in_order(client, site):
    now = timezone.now()
    spring = CampaignLandingPage(title="Spring push", slug="spring", hero_heading="Spring", live=False)
    site.landing.add_child(instance=spring)
    spring.go_live_at = now + timedelta(days=3)
    spring.save_revision().publish()
    site.story.expire_at = now + timedelta(days=10)
    site.story.save_revision().publish()
    CampaignBanner.objects.create(text="Job fair Saturday", show_from=now + timedelta(days=1))
    CampaignBanner.objects.create(text="Far away banner", show_from=now + timedelta(weeks=20))

    page = moderator_client(client).get("/admin/content_calendar/").content.decode()
    page = page[page.index('<table class="listing"') :]

    order = ["Job fair Saturday", "Spring push", "Newcastle jobs fair", "Amira&#x27;s story"]
    positions = [page.index(title) for title in order]
    assert positions == sorted(positions)
    assert "Goes live" in page and "Comes down" in page and "Takes place" in page and "Banner shows" in page
    assert "Far away banner" not in page


def test_the_calendar_filters_by_campaign(client, site):
    now = timezone.now()
    spring = CampaignLandingPage(title="Spring push", slug="spring", hero_heading="Spring", live=False)
    site.landing.add_child(instance=spring)
    spring.go_live_at = now + timedelta(days=3)
    spring.save_revision().publish()

    page = moderator_client(client).get(f"/admin/content_calendar/?campaign={site.landing.pk}&weeks=6")
    text = page.content.decode()
    text = text[text.index("<h2") :]

    assert "Home care jobs: the next 6 weeks" in text
    assert "Spring push" in text and "Newcastle jobs fair" not in text


def test_an_empty_calendar_says_how_to_schedule(client, site):
    page = (
        moderator_client(client).get(f"/admin/content_calendar/?campaign={site.landing.pk}").content.decode()
    )

    assert "Nothing is scheduled to go live" in page
