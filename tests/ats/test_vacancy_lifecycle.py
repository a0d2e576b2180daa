"""Status moves, automatic expiry at the closing date, stable slugs and counted click-outs."""

import datetime

import pytest
import time_machine

from ats.jobs.tasks import expire_vacancies
from ats.jobs.vacancies import (
    ALLOWED_MOVES,
    VacancyStatusError,
    change_status,
    save_vacancy,
    unique_slug,
)
from ats.models import Vacancy
from tests.factories import OrganisationFactory, VacancyFactory

S = Vacancy.Status
LEGAL = [(a, b) for a, moves in ALLOWED_MOVES.items() for b in sorted(moves)]
ILLEGAL = [(a, b) for a in S.values for b in S.values if b not in ALLOWED_MOVES[a] and a != b]


@time_machine.travel(datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC))
def test_expiry_closes_jobs_after_their_closing_date_and_can_run_twice(db):
    yesterday = VacancyFactory(closing_date=datetime.date(2026, 3, 9))
    today = VacancyFactory(closing_date=datetime.date(2026, 3, 10))
    open_ended = VacancyFactory(closing_date=None)

    assert expire_vacancies.delay().get() == 1
    assert expire_vacancies.delay().get() == 0

    statuses = dict(Vacancy.objects.values_list("pk", "status"))
    assert statuses[yesterday.pk] == S.CLOSED
    assert statuses[today.pk] == S.LIVE  # still open on its closing date
    assert statuses[open_ended.pk] == S.LIVE


def test_expiry_runs_nightly_from_celery_beat(settings):
    assert settings.CELERY_BEAT_SCHEDULE["expire-vacancies"]["task"] == "ats.expire_vacancies"


def test_job_past_its_closing_date_is_not_listed_even_before_expiry_runs(db, client):
    with time_machine.travel(datetime.date(2026, 3, 1)):
        VacancyFactory(title="Yesterday's job", closing_date=datetime.date(2026, 3, 9))
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)):
        page = client.get("/jobs/").content.decode()
    assert "Yesterday&#x27;s job" not in page
    assert "0 jobs" in page


@pytest.mark.parametrize(("start", "end"), LEGAL)
def test_allowed_status_moves(db, start, end):
    vacancy = VacancyFactory(status=start, closing_date=datetime.date.today() + datetime.timedelta(days=5))

    change_status(vacancy, end)

    assert vacancy.status == end
    if end == S.LIVE:
        assert vacancy.published_at is not None


@pytest.mark.parametrize(("start", "end"), ILLEGAL)
def test_other_status_moves_are_refused(db, start, end):
    vacancy = VacancyFactory(status=start)

    with pytest.raises(VacancyStatusError):
        change_status(vacancy, end)

    vacancy.refresh_from_db()
    assert vacancy.status == start


def test_reopening_needs_a_future_closing_date(db):
    vacancy = VacancyFactory(status=S.CLOSED, closing_date=datetime.date(2020, 1, 1))

    with pytest.raises(VacancyStatusError, match="closing date in the future"):
        change_status(vacancy, S.LIVE)


def test_slug_is_made_once_and_kept_when_the_title_changes(db):
    employer = OrganisationFactory(name="Tyne Care")
    vacancy = save_vacancy(
        Vacancy(organisation=employer, title="Care assistant", setting=Vacancy.Setting.RESIDENTIAL)
    )
    second = save_vacancy(
        Vacancy(organisation=employer, title="Care assistant", setting=Vacancy.Setting.RESIDENTIAL)
    )

    vacancy.title = "Senior care assistant"
    vacancy = save_vacancy(vacancy)

    assert vacancy.slug == "care-assistant-tyne-care"
    assert second.slug == "care-assistant-tyne-care-2"
    assert unique_slug("Care assistant", "Tyne Care") == "care-assistant-tyne-care-3"


def test_external_apply_goes_through_a_counted_click_out(db, client):
    vacancy = VacancyFactory(
        apply_method=Vacancy.ApplyMethod.EXTERNAL, external_url="https://www.jobs.nhs.uk/x/1"
    )
    page = client.get(vacancy.get_absolute_url()).content.decode()
    assert f"/jobs/{vacancy.slug}/go/" in page

    response = client.get(f"/jobs/{vacancy.slug}/go/")
    client.get(f"/jobs/{vacancy.slug}/go/")

    assert response.status_code == 302
    assert response["Location"] == "https://www.jobs.nhs.uk/x/1"
    vacancy.refresh_from_db()
    assert vacancy.click_outs == 2


def test_click_out_of_a_closed_job_is_not_followed(db, client):
    vacancy = VacancyFactory(
        status=S.CLOSED, apply_method=Vacancy.ApplyMethod.EXTERNAL, external_url="https://trac.example/1"
    )

    assert client.get(f"/jobs/{vacancy.slug}/go/").status_code == 404
    vacancy.refresh_from_db()
    assert vacancy.click_outs == 0


def test_on_site_jobs_link_to_the_apply_form(db, client):
    vacancy = VacancyFactory()

    assert f'href="/jobs/{vacancy.slug}/apply/"' in client.get(vacancy.get_absolute_url()).content.decode()
