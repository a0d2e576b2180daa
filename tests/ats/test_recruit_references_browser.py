"""Journey: the recruiter makes an offer on the application page, the referee answers from the
link in their email (no account) on a phone, the recruiter reads the reference, the candidate is
told it arrived."""

import re

import pytest

from django.core import mail

from tests.ats.test_recruit_browser import signed_in_page
from tests.factories import ApplicationFactory, UserFactory, VacancyFactory
from tests.fixtures.browser import screenshot, serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_referee_answers_from_the_email_link_and_the_recruiter_reads_it(
    page_at, client, live_server, home_page, recruiter_a, employer_a
):
    vacancy = VacancyFactory(organisation=employer_a, title="Home care worker")
    candidate = UserFactory(first_name="Amira", last_name="Begum", email="amira@example.org")
    application = ApplicationFactory(
        vacancy=vacancy,
        candidate=candidate,
        interview=True,
        snapshot={
            "name": "Amira Begum",
            "email": "amira@example.org",
            "referees": [
                {"name": "Helen Manager", "relationship": "Manager", "contact": "helen@tesco.example"}
            ],
        },
    )
    recruiter = signed_in_page(page_at, client, live_server, recruiter_a, width=1280)
    recruiter.goto(f"{live_server.url}/recruit/applications/{application.public_id}/")
    recruiter.get_by_role("button", name="Make offer").click()
    recruiter.wait_for_load_state()
    assert "Conditional offer made" in recruiter.content()

    (request_email,) = [email for email in mail.outbox if email.to == ["helen@tesco.example"]]
    path = re.search(r"/references/[^\s]+/", request_email.body).group(0)
    referee = page_at(390)
    referee.goto(f"{live_server.url}{path}")
    assert referee.get_by_role("heading", name="Reference for Amira Begum").is_visible()
    assert serious_axe_violations(referee) == []
    referee.get_by_label("They worked with you (or you knew them) from").fill("2021-03-01")
    referee.get_by_label("Their job title or role").fill("Customer assistant")
    referee.get_by_role("group", name=re.compile("should not work with adults")).get_by_label("No").check()
    referee.get_by_role("group", name=re.compile("disciplinary action")).get_by_label("No").check()
    referee.get_by_role("group", name="Would you employ them again?").get_by_label("Yes").check()
    referee.get_by_label("Anything else the employer should know").fill("Kind, punctual and patient.")
    referee.get_by_label("The information I have given is true").check()
    referee.get_by_role("button", name="Send my reference").click()
    referee.wait_for_load_state()
    assert "your reference was sent on" in referee.content()
    screenshot(referee, "reference-sent-phone")

    assert any(email.subject == "Your reference from Helen Manager has arrived" for email in mail.outbox)
    recruiter.reload()
    assert "Kind, punctual and patient." in recruiter.content()
    assert "Customer assistant" in recruiter.content()
