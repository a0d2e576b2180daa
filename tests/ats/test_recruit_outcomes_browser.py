"""Journeys through the recruiter screens: a bulk "not progressed" with its confirmation, reason and
undo; a filled vacancy's waiting applicants held back or told; what candidates then get and see."""

import pytest

from django.core import mail
from django.test import Client

from ats.models import Vacancy
from ats.pipeline.tasks import send_closure_notices
from tests.ats.bulk_support import send_held_emails
from tests.ats.test_recruit_browser import signed_in_page
from tests.factories import ApplicationFactory, UserFactory, VacancyFactory
from tests.fixtures.browser import screenshot, serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def applicant(vacancy, first, last, **traits):
    return ApplicationFactory(
        vacancy=vacancy,
        candidate=UserFactory(first_name=first, last_name=last, email=f"{first.lower()}@example.org"),
        **traits,
    )


def test_recruiter_rejects_in_bulk_with_a_reason_undoes_it_then_lets_it_go(
    page_at, client, live_server, home_page, recruiter_a, employer_a
):
    vacancy = VacancyFactory(organisation=employer_a, title="Home care worker")
    amira = applicant(vacancy, "Amira", "Begum")
    tom = applicant(vacancy, "Tom", "Hewitt")
    page = signed_in_page(page_at, client, live_server, recruiter_a, width=1280)
    page.goto(f"{live_server.url}/recruit/vacancies/{vacancy.public_id}/applications/")

    def select_and_move():
        page.get_by_label("Select Amira Begum").check()
        page.get_by_label("Select Tom Hewitt").check()
        page.get_by_label("Move selected to").select_option("rejected")
        page.get_by_label("Email the candidates").check()
        page.get_by_role("button", name="Move selected").click()
        page.wait_for_load_state()

    select_and_move()
    assert page.get_by_role("heading", name="Check before you move them").is_visible()
    assert "2 applications will move to “Not progressed”." in page.content()
    assert "2 people will be emailed." in page.content()
    assert serious_axe_violations(page) == []
    page.get_by_role("button", name="Move 2 and email 2").click()  # no reason yet
    page.wait_for_load_state()
    assert "Choose why the application is not progressing" in page.content()
    page.get_by_label("Reason, if not progressing").select_option(
        label="Other applicants were a closer match"
    )
    page.get_by_role("button", name="Move 2 and email 2").click()
    page.wait_for_load_state()
    assert "2 moved." in page.content()
    assert "2 emails will be sent in 10 minutes" in page.content()
    screenshot(page, "recruit-bulk-undo")

    page.get_by_role("button", name="Undo this move").click()
    page.wait_for_load_state()
    assert "Undone: 2 applications put back, and no emails sent." in page.content()
    amira.refresh_from_db()
    assert amira.stage == "applied"

    select_and_move()
    page.get_by_label("Reason, if not progressing").select_option(
        label="Other applicants were a closer match"
    )
    page.get_by_label("More about the reason").fill("Needed a driver")
    page.get_by_role("button", name="Move 2 and email 2").click()
    page.wait_for_load_state()
    assert mail.outbox == []
    send_held_emails()
    assert sorted(email.to[0] for email in mail.outbox) == ["amira@example.org", "tom@example.org"]
    assert "Needed a driver" not in mail.outbox[0].body

    # The candidate sees the outcome, kindly worded; the report counts it.
    candidate = Client()
    candidate.force_login(tom.candidate)
    assert "The employer is not taking your application further" in candidate.get("/me/").content.decode()
    page.goto(f"{live_server.url}/recruit/organisations/")
    page.get_by_role("link", name="Reasons for not progressing").first.click()
    page.wait_for_load_state()
    assert "2 applications not progressed" in page.content()
    assert serious_axe_violations(page) == []


def test_filled_vacancy_recruiter_holds_one_back_and_tells_the_rest(
    page_at, client, live_server, home_page, recruiter_a, employer_a
):
    vacancy = VacancyFactory(organisation=employer_a, title="Night carer")
    applicant(vacancy, "Amira", "Begum")
    grace = applicant(vacancy, "Grace", "Okafor", shortlisted=True)
    applicant(vacancy, "Tom", "Hewitt", interview=True)
    Vacancy.objects.filter(pk=vacancy.pk).update(status=Vacancy.Status.FILLED)
    send_closure_notices.delay()  # beat's hourly run
    page = signed_in_page(page_at, client, live_server, recruiter_a, width=390)

    page.goto(f"{live_server.url}/recruit/vacancies/{vacancy.public_id}/applications/")
    page.get_by_role("link", name="Applicants still waiting").click()
    page.wait_for_load_state()
    assert "The applicants below will be told kindly that it is no longer open" in page.content()
    assert serious_axe_violations(page) == []
    page.get_by_label("Hold back Grace Okafor").check()
    page.get_by_role("button", name="Save and tell the others now").click()
    page.wait_for_load_state()
    assert "2 applicants will be told in 10 minutes" in page.content()
    screenshot(page, "recruit-closure-told")

    send_held_emails()
    assert sorted(email.to[0] for email in mail.outbox) == ["amira@example.org", "tom@example.org"]
    assert "This job is no longer open" in mail.outbox[0].body
    grace.refresh_from_db()
    assert grace.stage == "shortlisted"
    page.goto(f"{live_server.url}/recruit/vacancies/{vacancy.public_id}/closing/")
    assert "2 applicants were told on" in page.content()
