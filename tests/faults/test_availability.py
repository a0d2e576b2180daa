"""Availability: the site under gunicorn, with its Redis (cache and broker) down or frozen, keeps
serving pages, signing people in and storing what they send. Requests go through the whole stack
(HTTP, gunicorn, every middleware); rows are counted in the test database before and after.
docs/security.md, "Availability", says what is promised."""

import time

import pytest
import requests

from ats.models import Application, Enquiry
from cms.models import OutboxEmail
from tests.ats.apply_answers import STEP_DATA
from tests.ats.jobseeker_fixtures import places, site  # noqa: F401
from tests.ats.test_apply import vacancy  # noqa: F401

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

ENQUIRY = {
    "name": "Jo Seeker",
    "email": "jo.enquiry@example.org",
    "postcode": "NE1 4ST",
    "experience": "none",
    "over_18": "yes",
    "consent": "on",
}
# With Redis down or frozen a request pays at most one connect or read timeout (500 ms), and then
# the cache rests (RETRY_AFTER, 1 s here so that the test sees it tried again several times).
# Either way a person waits no longer than this for any page.
SLOWEST_ACCEPTABLE = 3.0
SERVER_ENV = {"CACHE_RETRY_AFTER_SECONDS": "1"}


class Visitor:
    """A browser without JavaScript: keeps cookies, sends the CSRF token, times every request."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.session = requests.Session()
        self.slowest = 0.0

    def request(self, method: str, path: str, data: dict | None = None) -> requests.Response:
        headers = {}
        if method == "POST":
            if "csrftoken" not in self.session.cookies:
                self.request("GET", path)
            headers["X-CSRFToken"] = self.session.cookies["csrftoken"]
        started = time.monotonic()
        response = self.session.request(
            method, self.base_url + path, data=data, headers=headers, allow_redirects=False, timeout=20
        )
        self.slowest = max(self.slowest, time.monotonic() - started)
        return response

    def get(self, path: str) -> requests.Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict) -> requests.Response:
        return self.request("POST", path, data)


def _counts() -> dict[str, int]:
    return {
        "enquiries": Enquiry.objects.count(),
        "applications": Application.objects.count(),
        "emails": OutboxEmail.objects.count(),
    }


def _use_the_whole_site(server, vacancy) -> Visitor:  # noqa: F811
    """Read pages, send an enquiry, sign in and apply: what the outage must not stop."""
    before = _counts()
    visitor = Visitor(server.url)

    home = visitor.get("/")
    assert home.status_code == 200 and "Work in care" in home.text
    again = visitor.get("/")  # no page cache to hit, rendered again
    assert again.status_code == 200 and again.headers.get("X-Page-Cache") != "hit"
    assert visitor.get("/jobs/").status_code == 200
    assert visitor.get(f"/jobs/{vacancy.slug}/").status_code == 200

    health = visitor.get("/healthz")
    assert health.status_code == 503
    assert health.json()["checks"]["cache"] == "unavailable"
    assert health.json()["checks"]["database"] == "ok"

    sent = visitor.post("/not-sure/", ENQUIRY)
    assert sent.status_code == 200 and "Thank you" in sent.text

    signed_in = visitor.post(
        "/accounts/login/", {"login": "jo@seeker.example", "password": "correct-horse-battery"}
    )
    assert signed_in.status_code == 302
    assert visitor.get("/me/").status_code == 200
    for step in ("details", "eligibility", "availability", "experience", "statement", "referees"):
        assert visitor.post(f"/jobs/{vacancy.slug}/apply/{step}/", STEP_DATA[step]).status_code == 302, step
    assert visitor.post(f"/jobs/{vacancy.slug}/apply/cv/", {"cv": "none"}).status_code == 302
    assert visitor.post(f"/jobs/{vacancy.slug}/apply/consent/", STEP_DATA["consent"]).status_code == 302
    submitted = visitor.post(f"/jobs/{vacancy.slug}/apply/check-your-answers/", {})
    assert submitted.status_code == 302

    after = _counts()
    assert after["enquiries"] == before["enquiries"] + 1
    assert Enquiry.objects.filter(email="jo.enquiry@example.org").exists()
    assert after["applications"] == before["applications"] + 1
    assert Application.objects.filter(candidate__email="jo@seeker.example", vacancy=vacancy).exists()
    # The confirmation emails are in the outbox, waiting for the broker (the same Redis) to return.
    assert after["emails"] > before["emails"]
    assert OutboxEmail.objects.filter(to=["jo.enquiry@example.org"], sent_at=None).exists()
    assert visitor.slowest < SLOWEST_ACCEPTABLE, f"slowest request took {visitor.slowest:.1f}s"
    return visitor


@pytest.mark.usefixtures("site", "places")
def test_with_redis_down_pages_sign_in_enquiries_and_applications_still_work(
    site_server,
    dead_redis_url,
    jobseeker,
    vacancy,  # noqa: F811
):
    _use_the_whole_site(site_server(dead_redis_url, extra_env=SERVER_ENV), vacancy)


@pytest.mark.usefixtures("site", "places")
def test_with_redis_frozen_every_request_answers_quickly_and_nothing_is_lost(
    site_server,
    frozen_redis,
    jobseeker,
    vacancy,  # noqa: F811
):
    _use_the_whole_site(site_server(frozen_redis.url, extra_env=SERVER_ENV), vacancy)
