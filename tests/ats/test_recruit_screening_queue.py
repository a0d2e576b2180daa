"""Screening a long list one application after another: "Application 3 of 40" with previous and next
in the order and filters of the list the recruiter came from, and one-click decisions ("Shortlist",
"Not progressing") that open the next application."""

import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ats.models import Application
from tests.factories import ApplicationFactory, UserFactory, VacancyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]


@pytest.fixture
def vacancy(employer_a):
    return VacancyFactory(organisation=employer_a, title="Home care worker")


def applicants(vacancy, count, **fields):
    """Applications newest first as the list shows them: applicant 0 applied most recently."""
    now = timezone.now()
    return [
        ApplicationFactory(
            vacancy=vacancy,
            candidate=UserFactory(
                first_name=f"Person{n}", last_name="Test", email=f"p{n}.{vacancy.pk}@example.org"
            ),
            applied_at=now - timedelta(hours=n),
            **fields,
        )
        for n in range(count)
    ]


def detail(client, application, list_query=""):
    url = f"/recruit/applications/{application.public_id}/"
    if list_query:
        url += "?" + urlencode({"from": list_query})
    return client.get(url).content.decode()


def test_the_list_links_each_application_with_its_filters(client, recruiter_a, vacancy):
    applicants(vacancy, 2)
    client.force_login(recruiter_a)

    html = client.get(
        f"/recruit/vacancies/{vacancy.public_id}/applications/", {"stage": "applied"}
    ).content.decode()

    assert "?from=stage%3Dapplied" in html


def test_an_application_says_where_it_is_and_links_previous_and_next_in_list_order(
    client, recruiter_a, vacancy
):
    people = applicants(vacancy, 3)
    client.force_login(recruiter_a)

    html = detail(client, people[1])

    assert "Application 2 of 3" in html
    assert f'href="/recruit/applications/{people[0].public_id}/" rel="prev"' in html
    assert f'href="/recruit/applications/{people[2].public_id}/" rel="next"' in html
    first = detail(client, people[0])
    assert "Application 1 of 3" in first and 'rel="prev"' not in first


def test_previous_and_next_follow_the_lists_filters(client, recruiter_a, vacancy):
    people = applicants(vacancy, 4)
    Application.objects.filter(pk=people[1].pk).update(knockout_flags=["Does not drive"])
    client.force_login(recruiter_a)

    html = detail(client, people[0], "flags=none")

    assert "Application 1 of 3 in your filtered list" in html
    assert str(people[1].public_id) not in html  # flagged: not in the list the recruiter is screening
    assert f"/recruit/applications/{people[2].public_id}/?from=flags%3Dnone" in html


def test_shortlist_then_open_the_next_application(client, recruiter_a, vacancy):
    people = applicants(vacancy, 3)
    client.force_login(recruiter_a)

    response = client.post(
        f"/recruit/applications/{people[0].public_id}/move/",
        {"to": "shortlisted", "expected_stage": "applied", "then": "next", "from": "stage=applied"},
        follow=True,
    )

    people[0].refresh_from_db()
    assert people[0].stage == "shortlisted"
    assert (
        response.redirect_chain[-1][0] == f"/recruit/applications/{people[1].public_id}/?from=stage%3Dapplied"
    )
    html = response.content.decode()
    assert "Person0 Test: moved to “Shortlisted”" in html
    assert "Application 1 of 2 in your filtered list" in html  # the shortlisted one left the list


def test_not_progressing_the_last_one_stays_on_it_and_says_so(client, recruiter_a, vacancy):
    (only,) = applicants(vacancy, 1)
    client.force_login(recruiter_a)

    response = client.post(
        f"/recruit/applications/{only.public_id}/move/",
        {"to": "rejected", "expected_stage": "applied", "then": "next", "reason_detail": "No weekend work"},
        follow=True,
    )

    only.refresh_from_db()
    assert only.stage == "rejected"
    assert response.redirect_chain[-1][0] == f"/recruit/applications/{only.public_id}/"
    assert "moved to “Not progressed”" in response.content.decode()


def test_a_refused_quick_decision_changes_nothing_and_stays_put(client, recruiter_a, vacancy):
    people = applicants(vacancy, 2, stage="interview")
    client.force_login(recruiter_a)

    response = client.post(
        f"/recruit/applications/{people[0].public_id}/move/",
        {"to": "applied", "expected_stage": "interview", "then": "next"},
        follow=True,
    )

    people[0].refresh_from_db()
    assert people[0].stage == "interview"
    # Refused: this application's own page again (not the next one's), with the reason.
    assert (response.status_code, response.redirect_chain) == (400, [])
    assert f"/recruit/applications/{people[0].public_id}/move/" in response.content.decode()
    assert "That move is not possible from this stage." in response.content.decode()


def test_quick_decisions_show_only_while_screening(client, recruiter_a, vacancy):
    (new,) = applicants(vacancy, 1)
    (interviewing,) = applicants(VacancyFactory(organisation=vacancy.organisation), 1, stage="interview")
    client.force_login(recruiter_a)

    assert re.search(r'<button[^>]*value="shortlisted"[^>]*>Shortlist</button>', detail(client, new))
    assert 'value="shortlisted">Shortlist</button>' not in detail(client, interviewing)


def test_the_from_list_cannot_reach_another_organisations_applications(
    client, recruiter_a, vacancy, employer_b
):
    mine = applicants(vacancy, 1)[0]
    theirs = applicants(VacancyFactory(organisation=employer_b), 1)[0]
    client.force_login(recruiter_a)

    html = detail(client, mine, f"stage=applied&vacancy={theirs.vacancy.public_id}")

    assert str(theirs.public_id) not in html
    assert client.get(f"/recruit/applications/{theirs.public_id}/").status_code == 404


def test_the_queue_costs_the_same_queries_for_a_long_list(client, recruiter_a, vacancy):
    short = applicants(vacancy, 3)
    client.force_login(recruiter_a)
    detail(client, short[1])
    with CaptureQueriesContext(connection) as few:
        detail(client, short[1], "flags=none")
    for n in range(3, 40):
        ApplicationFactory(
            vacancy=vacancy,
            candidate=UserFactory(email=f"more{n}@example.org"),
            applied_at=timezone.now() - timedelta(hours=n),
        )
    with CaptureQueriesContext(connection) as many:
        detail(client, short[1], "flags=none")

    assert len(many) == len(few)
