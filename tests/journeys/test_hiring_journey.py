"""Journey: a jobseeker on a phone finds a job near home and applies as a guest with a CV; the
employer's recruiter signs in with the second factor and works the application anonymously through
interview, offer and checks to hire; the candidate books the interview, answers the disclosure and
follows each step on their dashboard. Then a recruiter of another employer replays every staff URL of
the journey (404 each time), and a password-only session is asked for the second factor at each."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from django.test import Client
from django.utils import timezone

from tests.ats.jobseeker_fixtures import make_pdf
from tests.fixtures.browser import serious_axe_violations
from tests.journeys.conftest import CARE_HOME_POSTCODE, JOBSEEKER_POSTCODE
from tests.journeys.support import (
    StaffTrail,
    answer,
    click,
    emailed_path,
    sees,
    sign_in_as_staff,
    staff_client,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UUID = re.compile(r"/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/")
EMAIL = "amira.begum@example.org"
# What identifies the jobseeker: none of it may reach the recruiter before the interview stage.
IDENTITY = (
    "Amira",
    "Begum",
    "07700 900456",
    "amira.begum",
    JOBSEEKER_POSTCODE,
    "Samira",
    "Olsen",
    "0191 498 0001",
)


def identity_shown(text: str) -> list[str]:
    return [secret for secret in IDENTITY if secret in text]


def apply_as_guest_on_a_phone(phone, live_server, tmp_path):
    phone.goto(f"{live_server.url}/jobs/")
    phone.get_by_label("Postcode").first.fill(JOBSEEKER_POSTCODE)
    click(phone, "button", "Search")
    assert sees(phone, "1 job within 10 miles of NE1 4ST")
    assert sees(phone, "0.7 miles away")  # measured from the care home's own postcode
    click(phone, "link", "Care assistant, days")
    click(phone, "link", "Apply", exact=False)
    phone.get_by_label("First name").fill("Amira")
    phone.get_by_label("Last name").fill("Begum")
    phone.get_by_label("Phone number").fill("07700 900456")
    phone.get_by_label("Postcode").fill(JOBSEEKER_POSTCODE)
    phone.get_by_label("Email address").fill(EMAIL)
    click(phone, "button", "Continue")
    assert sees(phone, "Check your email")

    phone.goto(live_server.url + emailed_path(EMAIL, "", r"/jobs/\S+/apply/confirm/\S+/"))
    assert sees(phone, "Step 2 of 3")
    answer(phone, "Are you 18 or over?", "Yes, I am 18 or over")
    answer(phone, "Do you have the right to work in the UK?", "Yes, I have the right to work in the UK")
    phone.get_by_label("Days").check()
    answer(phone, "How much experience of paid care work do you have?", "I'm new to care")
    answer(phone, "Do you have the Care Certificate?", "I'm working towards it")
    click(phone, "button", "Save and continue")
    phone.get_by_label("Tell employers about yourself").fill("I cared for my grandmother for two years.")
    phone.get_by_text("Referees (optional").click()
    phone.get_by_label("First referee's name").fill("Samira Khan")
    phone.get_by_label("How do they know you?").first.fill("Manager at the cafe")
    phone.get_by_label("Their email address or phone number").first.fill("samira.khan@example.org")
    phone.get_by_label("Second referee's name").fill("Peter Olsen")
    phone.get_by_label("How do they know you?").nth(1).fill("Teacher")
    phone.get_by_label("Their email address or phone number").nth(1).fill("0191 498 0001")
    cv = tmp_path / "Amira Begum CV.pdf"
    cv.write_bytes(make_pdf("Amira Begum CV"))
    answer(phone, "Which CV do you want to send?", "Upload a new CV")
    phone.locator("input[type=file]").set_input_files(str(cv))
    click(phone, "button", "Continue to check your answers")
    assert sees(phone, "Check your answers before sending your application")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    phone.get_by_label("I agree").check()
    click(phone, "button", "Send application")
    assert phone.get_by_role("heading", name="Application sent").is_visible()


def sign_in_later_with_a_code(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    click(page, "link", "Send me a sign-in code")
    page.get_by_label("Email").fill(EMAIL)
    click(page, "button", "Request Code")
    from cms.models import OutboxEmail

    body = OutboxEmail.objects.filter(to=[EMAIL], subject__icontains="code").latest("pk").body_text
    code = next(
        line.strip() for line in body.splitlines() if len(line.strip()) == 9 and line.strip()[4] == "-"
    )
    page.get_by_label("Code").fill(code)
    click(page, "button", "Confirm")


def test_jobseeker_applies_and_recruiter_hires_anonymously(
    live_server, page_at, tmp_path, care_home, recruiter, other_recruiter
):
    phone = page_at(390)
    apply_as_guest_on_a_phone(phone, live_server, tmp_path)
    phone.goto(f"{live_server.url}/me/")
    assert sees(phone, "Your application has been sent")

    # Later, on another phone, the jobseeker signs in with an emailed code and sees the status.
    candidate = page_at(390)
    sign_in_later_with_a_code(candidate, live_server)
    assert sees(candidate, "Your application has been sent")

    # The recruiter signs in with password and authenticator; the new application is anonymous.
    desk = page_at(1280, 900)
    trail = StaffTrail(desk, live_server.url)
    sign_in_as_staff(desk, live_server, recruiter)
    assert desk.url == f"{live_server.url}/recruit/"
    click(desk, "link", "Candidate A-", exact=False)
    application_url = desk.url
    assert identity_shown(desk.content()) == []
    assert serious_axe_violations(desk) == []
    click(desk, "link", "Organisations")
    with desk.expect_download() as download:
        desk.get_by_role("link", name="Export pipeline (CSV)").click()
    assert identity_shown(download.value.path().read_text()) == []

    desk.goto(application_url)
    click(desk, "button", "Shortlist")
    assert sees(desk, "moved to “Shortlisted”")
    desk.goto(application_url)
    assert identity_shown(desk.content()) == []

    # Interview: the recruiter publishes a slot and invites; the candidate books it from the email.
    click(desk, "link", "Vacancies")
    click(desk, "link", "Care assistant, days")
    click(desk, "link", "Interview slots")
    interview_day = timezone.localdate() + timedelta(days=3)
    desk.get_by_label("Starts at").fill(f"{interview_day:%Y-%m-%d}T10:00")
    desk.get_by_label("Length (minutes)").fill("30")
    desk.get_by_label("Place").fill(f"Elswick Lodge, {CARE_HOME_POSTCODE}")
    desk.get_by_label("Candidates per slot").fill("1")
    click(desk, "button", "Publish slot")
    desk.goto(application_url)
    desk.get_by_label("Move to").select_option(label="Interview")
    click(desk, "button", "Move", exact=True)
    assert sees(desk, "Invited, not booked yet")
    assert sees(desk, "Amira Begum")  # the interview stage reveals who it is
    with desk.expect_download() as download:
        desk.get_by_role("link", name="Download CV", exact=False).click()
    assert download.value.path().read_bytes().startswith(b"%PDF")

    candidate.goto(live_server.url + emailed_path(EMAIL, "Book your interview", r"/interviews/\S+/"))
    candidate.get_by_label("10:00 (30 minutes), Elswick Lodge", exact=False).check()
    click(candidate, "button", "Book this time")
    assert sees(candidate, "Your interview is booked")
    candidate.goto(f"{live_server.url}/me/")
    assert sees(candidate, f"Your interview is on {interview_day:%A %-d %B %Y} at 10:00")

    # The recruiter records the interview and makes a conditional offer.
    desk.reload()
    assert sees(desk, f"Booked: {interview_day:%a %-d %b %Y}, 10:00")
    desk.get_by_label("Attended").check()
    click(desk, "button", "Record outcome")
    desk.get_by_label("Start date (optional)").fill(f"{timezone.localdate() + timedelta(days=30):%Y-%m-%d}")
    desk.get_by_label("DBS level").select_option(label="Enhanced with adults' barred list")
    click(desk, "button", "Make offer")
    assert sees(desk, "Conditional offer made")

    # The candidate answers the criminal-record self-disclosure from the offer email.
    candidate.goto(live_server.url + emailed_path(EMAIL, "Conditional offer", r"/offers/\S+/disclosure/"))
    answer(
        candidate,
        "Do you have any unspent convictions, cautions, reprimands or final warnings that are not protected (filtered)?",
        "No",
    )
    click(candidate, "button", "Send my answer")
    assert sees(candidate, "Your answer has been sent to the employer")
    candidate.goto(f"{live_server.url}/me/")
    assert sees(candidate, "You have been offered the job, subject to checks")

    # The recruiter records every pre-employment check and confirms the hire.
    desk.reload()
    desk.get_by_label("Move to").select_option(label="Pre-employment checks")
    click(desk, "button", "Move", exact=True)
    for check in (
        "right to work",
        "dbs check",
        "first reference",
        "second reference",
        "health declaration",
        "care certificate",
    ):
        form = desk.locator("form", has=desk.get_by_role("button", name=f"Save {check}"))
        form.get_by_label("Status").select_option(label="Satisfactory")
        if check == "dbs check":
            form.get_by_label("Certificate number (optional)").fill("001234567890")
            form.get_by_label("Certificate date (optional)").fill(
                f"{timezone.localdate() - timedelta(days=2):%Y-%m-%d}"
            )
        form.get_by_role("button", name=f"Save {check}").click()
        desk.wait_for_load_state()
    click(desk, "button", "Confirm hire")
    assert sees(desk, "Hired. The candidate has been emailed.")
    candidate.goto(f"{live_server.url}/me/")
    assert sees(candidate, "You got the job")

    # A recruiter of another employer, properly signed in, gets 404 for every staff URL of the journey.
    assert len(trail.gets) >= 6 and trail.posts
    other = staff_client(other_recruiter.email, other_recruiter.password, other_recruiter.totp_secret)
    for path in trail.gets:
        response = other.get(path)
        if UUID.search(path):
            assert response.status_code == 404, path
        else:  # their own dashboard and lists, without a trace of the other employer
            assert response.status_code == 200, path
            assert (
                "Tyne Valley" not in response.content.decode()
                and "Care assistant, days" not in response.content.decode()
            ), path
    for path in trail.posts:
        assert other.post(path, {}).status_code == 404, path

    # A session that gave the right password but no authenticator code sees no staff page.
    for login_page, fields in (
        ("/admin/login/", {"username": recruiter.email, "password": recruiter.password}),
        ("/accounts/login/", {"login": recruiter.email, "password": recruiter.password}),
    ):
        password_only = Client()
        password_only.post(login_page, fields)
        for path in trail.gets:
            response = password_only.get(path, follow=True)
            page = response.content.decode()
            assert identity_shown(page) == [], (login_page, path)
            assert 'name="code"' in page or 'name="password"' in page, (login_page, path)
