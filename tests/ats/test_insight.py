"""/recruit/insight/: an employer's figures from a hand-built scenario whose answers are known,
computed in the database (a fixed number of queries), each chart with its table and a CSV, and
nothing of another organisation's."""

import csv
import io
from datetime import date, datetime, timedelta

import pytest
import time_machine

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ats.insight import figures
from ats.insight.tenure import answer_tenure_check, record_start
from ats.models import Application, TenureCheck
from tests.factories import ApplicationFactory, VacancyFactory

pytestmark = pytest.mark.django_db

DAY0 = datetime(2026, 1, 5, 9, tzinfo=timezone.get_default_timezone())
TODAY = datetime(2027, 3, 1, 9, tzinfo=timezone.get_default_timezone())


def touch(**values):
    keys = ("utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term", "referrer_host")
    return {**dict.fromkeys(keys, ""), "landing_page": "/", **values}


def days(n):
    return DAY0 + timedelta(days=n)


def hired_path(**extra):
    return {
        "stage": "hired",
        "shortlisted_at": days(2),
        "interview_at": days(5),
        "offer_at": days(7),
        "checks_at": days(8),
        "hired_at": days(21),
        **extra,
    }


@pytest.fixture
def scenario(employer_a, employer_b, recruiter_a):
    """Employer A, one vacancy, ten applications on 5 January 2026:
    - 4 from a Facebook ad (last touch; their first touch was Google), "winter" campaign:
      two hired (both 2, 3, 2 and 14 days between stages, 21 days to hire), one withdrew after
      the offer, one not progressed after shortlisting;
    - 2 referred by news.example; 1 direct; 3 with no attribution (said no to the cookie).
    Of the two hired: one started on 1 February 2026 (in post at 3 months, left at 6 for pay);
    the other did not start (took another job).
    Employer B: one vacancy with three hires, none of which may show for A."""
    vacancy = VacancyFactory(organisation=employer_a, title="Home care worker")
    facebook = {
        "first": touch(utm_source="google", utm_campaign="search"),
        "last": touch(
            utm_source="facebook", utm_campaign="winter", landing_page="/work-in-care/?utm_source=facebook"
        ),
    }
    news = {"first": touch(referrer_host="news.example"), "last": touch(referrer_host="news.example")}
    direct = {"first": touch(), "last": touch()}
    common = {"vacancy": vacancy, "applied_at": DAY0}
    started = ApplicationFactory(**common, **hired_path(), attribution=facebook)
    not_started = ApplicationFactory(**common, **hired_path(), attribution=facebook)
    ApplicationFactory(
        **common,
        stage="withdrawn",
        shortlisted_at=days(2),
        interview_at=days(5),
        offer_at=days(7),
        withdrawn_at=days(9),
        attribution=facebook,
    )
    ApplicationFactory(
        **common, stage="rejected", shortlisted_at=days(2), rejected_at=days(3), attribution=facebook
    )
    for _ in range(2):
        ApplicationFactory(**common, attribution=news)
    ApplicationFactory(**common, attribution=direct)
    for _ in range(3):
        ApplicationFactory(**common, attribution={})

    with time_machine.travel(datetime(2026, 2, 2, 9, tzinfo=timezone.get_default_timezone()), tick=False):
        record_start(started, by=recruiter_a, started=True, start_date=date(2026, 2, 1))
        record_start(not_started, by=recruiter_a, started=False, no_start_reason="another_job")
    answer_tenure_check(TenureCheck.objects.get(months=3), answer="in_post")
    answer_tenure_check(TenureCheck.objects.get(months=6), answer="left", left_reason="pay")

    other = VacancyFactory(organisation=employer_b, title="Night carer")
    for _ in range(3):
        ApplicationFactory(vacancy=other, applied_at=DAY0, **hired_path(), attribution=facebook)
    return vacancy


def test_pipeline_figures_match_the_scenario(scenario):
    found = figures.pipeline_figures(Application.objects.filter(vacancy=scenario))
    assert found.applications == 10
    assert [(stage, n) for stage, _label, n in found.funnel] == [
        ("applied", 10),
        ("shortlisted", 4),
        ("interview", 3),
        ("offer", 3),
        ("hired", 2),
    ]
    assert (found.rejected, found.withdrawn) == (1, 1)
    assert [d for _k, _l, d in found.stage_days] == [2.0, 3.0, 2.0, 14.0]
    assert found.days_to_hire == 21.0
    assert (found.offered, found.started, found.did_not_start, found.dropped_after_offer) == (3, 1, 1, 1)
    assert found.start_not_recorded == 0
    assert found.views is None


def test_sources_by_last_and_first_touch(scenario):
    applications = Application.objects.filter(vacancy=scenario)
    last = {
        row["key"]: (row["applications"], row["hires"], row["started"])
        for row in figures.source_figures(applications)
    }
    assert last == {
        "facebook": (4, 2, 1),
        "(not recorded)": (3, 0, 0),
        "news.example": (2, 0, 0),
        "(direct)": (1, 0, 0),
    }
    first = {row["key"]: row["applications"] for row in figures.source_figures(applications, touch="first")}
    assert first["google"] == 4
    campaigns = {
        row["key"]: row["applications"] for row in figures.source_figures(applications, breakdown="campaign")
    }
    assert campaigns == {"winter": 4, "(none)": 6}


def test_in_post_at_3_6_and_12_months(scenario):
    rows = figures.tenure_figures(Application.objects.filter(vacancy=scenario), today=TODAY.date())
    assert [
        (r["months"], r["due"], r["in_post"], r["left"], r["unanswered"], r["in_post_percent"]) for r in rows
    ] == [
        (3, 1, 1, 0, 0, 100),
        (6, 1, 0, 1, 0, 0),
        (12, 1, 0, 1, 0, 0),
    ]


def test_no_start_reasons(scenario):
    reasons = dict(figures.no_start_reasons(Application.objects.filter(vacancy=scenario)))
    assert reasons["Candidate withdrew before the hire"] == 1
    assert reasons["Offer withdrawn before the hire"] == 0
    assert reasons["Hired, did not start: took another job"] == 1


def test_employer_reads_its_own_figures_in_a_fixed_number_of_queries(client, recruiter_a, scenario):
    traveller = time_machine.travel(TODAY, tick=False)
    traveller.start()
    client.force_login(recruiter_a)
    client.get("/recruit/insight/")  # session and permission caches warm
    with CaptureQueriesContext(connection) as first:
        response = client.get("/recruit/insight/")
    html = response.content.decode()
    assert "Insight: Alpha Home Care" in html
    assert "Job page views are not recorded yet" in html
    assert "<svg" in html and "Applications reaching each stage" in html
    assert '<th scope="row">facebook</th><td class="num">4</td><td class="num">2</td>' in html
    assert "Night carer" not in html
    assert '<th scope="row"><a href="/recruit/insight/vacancies/' in html

    # Ten times the applications, the same number of queries.
    for _ in range(90):
        ApplicationFactory(vacancy=scenario, applied_at=DAY0)
    with CaptureQueriesContext(connection) as second:
        assert client.get("/recruit/insight/").status_code == 200
    traveller.stop()
    assert len(first) <= 20
    assert len(second) == len(first)


def test_figures_download_as_csv(client, recruiter_a, scenario):
    with time_machine.travel(TODAY, tick=False):
        client.force_login(recruiter_a)
        response = client.get("/recruit/insight/?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["Alpha Home Care", "Stage reached", "Hired", "2"] in rows
    assert ["Alpha Home Care", "Time to hire", "Average days from application to hire", "21.0"] in rows
    assert ["Alpha Home Care", "In post at 6 months", "Left", "1"] in rows
    assert ["Alpha Home Care", "Job page views", "Views", "not recorded"] in rows


def test_vacancy_page_and_first_touch_choice(client, recruiter_a, scenario):
    client.force_login(recruiter_a)
    response = client.get(f"/recruit/insight/vacancies/{scenario.public_id}/?touch=first")
    html = response.content.decode()
    assert "Insight: Home care worker" in html
    assert '<th scope="row">google</th><td class="num">4</td>' in html


def test_other_employer_sees_neither_the_figures_nor_the_vacancy(client, recruiter_b, employer_a, scenario):
    client.force_login(recruiter_b)
    html = client.get("/recruit/insight/").content.decode()
    assert "Insight: Beta Residential" in html
    assert "Home care worker" not in html
    assert client.get(f"/recruit/insight/?organisation={employer_a.public_id}").status_code == 404
    assert client.get(f"/recruit/insight/vacancies/{scenario.public_id}/").status_code == 404
    assert client.get(f"/recruit/insight/?organisation={employer_a.public_id}&format=csv").status_code == 404


def test_regional_admin_sees_the_region_and_can_choose_an_organisation(
    client, regional_admin, employer_a, scenario
):
    client.force_login(regional_admin)
    html = client.get("/recruit/insight/").content.decode()
    assert "All organisations in the North East" in html
    assert '<th scope="row">Hired</th><td class="num">5</td>' in html
    html = client.get(f"/recruit/insight/?organisation={employer_a.public_id}").content.decode()
    assert '<th scope="row">Hired</th><td class="num">2</td>' in html
