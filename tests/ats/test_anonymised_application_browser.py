"""Issue 21.2 as a journey: a jobseeker applies through the real screens; the employer's recruiter
signs in with their authenticator app and reads the application anonymised: no name anywhere."""

import base64
import hashlib
import hmac
import re
import struct
import time

import pytest

from ats.models import Postcode
from tests.ats.jobseeker_fixtures import eager_tasks, make_pdf, places, site  # noqa: F401
from tests.factories import UserFactory, VacancyFactory, with_totp
from tests.fixtures.browser import screenshot, serious_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("site", "places", "eager_tasks"),
]

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's
SECRETS = ("Zofia", "Kowalczyk", "zofia.k@example.org", "07700 900987", "NE6 2TQ", "Quince", "Oakes", "zk-cv")


def totp_code(secret: str) -> str:
    """The six-digit code an authenticator app shows now (RFC 6238, as allauth checks it)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def sign_in(page, url, email, next_url):
    page.goto(f"{url}/accounts/login/?next={next_url}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.IGNORECASE)).click()
    page.wait_for_load_state()


def save_and_continue(page, button="Save and continue"):
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()


def answer(page, question, choice):
    page.get_by_role("group", name=question).get_by_label(choice, exact=True).check()


def test_jobseeker_applies_and_the_recruiter_reads_it_without_a_name(
    live_server, page_at, tmp_path, employer_a, recruiter_a
):
    Postcode.objects.create(postcode="NE6 2TQ", latitude=54.98, longitude=-1.57, la_code="E08000021")
    vacancy = VacancyFactory(
        organisation=employer_a, title="Night care assistant", slug="night-care", anonymised_shortlisting=True
    )
    UserFactory(email="zofia.k@example.org", first_name="", last_name="")

    # The jobseeker, on a phone, through every screen of the apply journey.
    page = page_at(390)
    sign_in(page, live_server.url, "zofia.k@example.org", f"/jobs/{vacancy.slug}/apply/")
    page.get_by_label("First name").fill("Zofia")
    page.get_by_label("Last name").fill("Kowalczyk")
    page.get_by_label("Phone number").fill("07700 900987")
    page.get_by_label("Postcode").fill("NE6 2TQ")
    save_and_continue(page)
    answer(page, "Are you 18 or over?", "Yes, I am 18 or over")
    page.get_by_role("group", name="Do you have the right to work in the UK?").get_by_label(
        "Yes"
    ).first.check()
    page.get_by_label("Nights").check()
    page.get_by_role("group", name="How much experience of paid care work do you have?").get_by_role(
        "radio"
    ).first.check()
    page.get_by_role("group", name="Do you have the Care Certificate?").get_by_role("radio").first.check()
    save_and_continue(page)
    page.get_by_label("Tell employers about yourself").fill("I looked after my grandfather for three years.")
    page.get_by_text("Referees (optional").click()
    page.get_by_label("First referee's name").fill("Bartholomew Quince")
    page.get_by_label("Second referee's name").fill("Winifred Oakes")
    for field in page.get_by_label("How do they know you?").all():
        field.fill("Manager")
    for field in page.get_by_label("Their email address or phone number").all():
        field.fill("0191 498 0321")
    cv = tmp_path / "zk-cv.pdf"
    cv.write_bytes(make_pdf("Zofia Kowalczyk"))
    page.get_by_label("Upload a new CV", exact=True).first.check()
    page.locator("input[type=file]").set_input_files(str(cv))
    save_and_continue(page, "Continue to check your answers")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Send application").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Application sent").is_visible()

    # The recruiter, at a desk, signs in with a password and the authenticator app's code.
    secret = with_totp(recruiter_a)
    desk = page_at(1280)
    sign_in(desk, live_server.url, recruiter_a.email, "/recruit/")
    desk.get_by_label("Code").fill(totp_code(secret))
    desk.get_by_role("button", name=re.compile("sign in", re.IGNORECASE)).click()
    desk.wait_for_load_state()
    desk.goto(f"{live_server.url}/recruit/vacancies/{vacancy.public_id}/applications/")
    desk.get_by_role("link", name=re.compile(r"^Candidate A-")).click()
    desk.wait_for_load_state()

    assert desk.get_by_role("heading", name=re.compile(r"^Candidate A-"), level=1).is_visible()
    assert "I looked after my grandfather for three years." in desk.content()
    text = desk.locator("body").inner_text() + desk.title()
    for secret_text in SECRETS:
        assert secret_text not in text, secret_text
        assert secret_text not in desk.content(), secret_text
    assert "by the candidate" in text
    assert serious_axe_violations(desk) == []
    screenshot(desk, "recruit-anonymised-application")
