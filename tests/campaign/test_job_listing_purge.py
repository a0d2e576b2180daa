"""Cached campaign pages stop showing a job as soon as it closes (issue 21.5): closing, expiring,
filling, editing or deleting a job purges the cached pages that list jobs, and only those."""

from datetime import timedelta
from decimal import Decimal

import pytest

from django.utils import timezone

from ats.jobs.tasks import expire_vacancies
from ats.models import Vacancy
from campaign.demo import block
from campaign.models import CampaignLandingPage
from tests.ats.form_submission import forms_on
from tests.factories import VacancyFactory
from tests.fixtures.signed_in import SignedInClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(home_page):
    """A landing page featuring the newest jobs, and one that lists none."""
    featuring = home_page.add_child(
        instance=CampaignLandingPage(
            title="Home care jobs",
            slug="home-care",
            body=[block("featured_jobs", {"heading": "Jobs you could start soon", "count": 3})],
        )
    )
    plain = home_page.add_child(
        instance=CampaignLandingPage(
            title="Why care", slug="why-care", body=[block("paragraph", "<p>Care matters.</p>")]
        )
    )
    return featuring.url, plain.url


@pytest.fixture
def job(employer_a):
    return VacancyFactory(organisation=employer_a, title="Night care assistant")


def cached(client, url) -> str:
    """Visit twice as anonymous visitors do; the second answer comes from the page cache."""
    client.get(url)
    response = client.get(url)
    assert response["X-Page-Cache"] == "hit"
    return response.content.decode()


def test_a_job_closed_in_the_portal_leaves_the_cached_pages_that_featured_it(
    client, pages, job, recruiter_a, django_capture_on_commit_callbacks
):
    featuring, plain = pages
    assert "Night care assistant" in cached(client, featuring)
    cached(client, plain)

    recruiter = SignedInClient()
    recruiter.force_login(recruiter_a)
    with django_capture_on_commit_callbacks(execute=True):
        closed = recruiter.post(f"/recruit/vacancies/{job.public_id}/close/", follow=True)
    assert "The vacancy is closed" in closed.content.decode()

    response = client.get(featuring)
    assert response["X-Page-Cache"] == "miss"
    assert "Night care assistant" not in response.content.decode()
    # A page that lists no jobs is kept.
    assert client.get(plain)["X-Page-Cache"] == "hit"


def test_a_job_expired_overnight_leaves_the_cached_pages_that_featured_it(
    client, pages, job, django_capture_on_commit_callbacks
):
    featuring, _ = pages
    assert "Night care assistant" in cached(client, featuring)
    Vacancy.objects.filter(pk=job.pk).update(closing_date=timezone.localdate() - timedelta(days=1))
    # Still cached: the page was stored before the closing date passed (the expiry task closes it).
    assert client.get(featuring)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        assert expire_vacancies.delay().get() == 1

    response = client.get(featuring)
    assert "Night care assistant" not in response.content.decode()


def test_a_job_published_or_edited_in_the_portal_shows_at_once(
    client, pages, employer_a, recruiter_a, django_capture_on_commit_callbacks
):
    featuring, _ = pages
    draft = VacancyFactory(
        organisation=employer_a,
        title="Day care assistant",
        draft=True,
        pay_min=Decimal("12.80"),
        pay_max=Decimal("13.40"),
    )
    assert "Day care assistant" not in cached(client, featuring)
    recruiter = SignedInClient()
    recruiter.force_login(recruiter_a)

    with django_capture_on_commit_callbacks(execute=True):
        recruiter.post(f"/recruit/vacancies/{draft.public_id}/publish/")
    assert "Day care assistant" in client.get(featuring).content.decode()

    assert "Day care assistant" in cached(client, featuring)
    edit = f"/recruit/vacancies/{draft.public_id}/edit/"
    [form] = [
        f for f in forms_on(recruiter.get(edit).content.decode()) if f.method == "post" and not f.action
    ]
    with django_capture_on_commit_callbacks(execute=True):
        assert recruiter.post(edit, form.data() | {"title": ["Day care lead"]}).status_code == 302
    html = client.get(featuring).content.decode()
    assert "Day care lead" in html and "Day care assistant" not in html


def test_a_job_deleted_in_the_admin_leaves_the_cached_pages(
    client, pages, job, regional_admin, django_capture_on_commit_callbacks
):
    featuring, _ = pages
    assert "Night care assistant" in cached(client, featuring)
    admin = SignedInClient()
    admin.force_login(regional_admin)

    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"/admin/vacancies/delete/{job.pk}/")

    assert not Vacancy.objects.filter(pk=job.pk).exists()
    assert "Night care assistant" not in client.get(featuring).content.decode()
