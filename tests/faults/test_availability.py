"""Availability: the site under gunicorn, with its Redis (cache and broker) down or frozen, keeps
serving pages, signing people in and storing what they send. Requests go through the whole stack
(HTTP, gunicorn, every middleware); rows are counted in the test database before and after.
docs/security.md, "Availability", says what is promised."""

import time

import pytest
import requests

from ats.models import Application, Enquiry
from cms.models import OutboxEmail
from tests.ats.apply_answers import CONSENT, SCREEN_DATA
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
    for screen in ("details", "about", "job"):
        assert (
            visitor.post(f"/jobs/{vacancy.slug}/apply/{screen}/", SCREEN_DATA[screen]).status_code == 302
        ), screen
    submitted = visitor.post(f"/jobs/{vacancy.slug}/apply/check-your-answers/", CONSENT)
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


@pytest.mark.usefixtures("site", "places")
def test_with_the_database_down_pages_say_try_again_with_a_503_and_a_resent_enquiry_is_stored(
    site_server, dead_redis_url
):
    from django.db import connection

    from tests.fixtures.services import SwitchableProxy

    db = connection.settings_dict
    proxy = SwitchableProxy(int(db["PORT"] or 5432))
    proxy.start()
    try:
        server = site_server(
            dead_redis_url,
            database_url=f"postgres://{db['USER']}@127.0.0.1:{proxy.port}/{db['NAME']}",
            extra_env=SERVER_ENV,
        )
        visitor = Visitor(server.url)
        assert visitor.get("/not-sure/").status_code == 200  # the form, and its CSRF cookie
        before = _counts()

        proxy.stop()  # the database goes away (connections refused, open ones closed)
        home = visitor.get("/")
        sent = visitor.post("/not-sure/", ENQUIRY)
        health = visitor.get("/healthz")

        for response in (home, sent):
            assert response.status_code == 503
            assert "Sorry, the service is temporarily unavailable" in response.text
            assert "what you submitted may not have been saved" in response.text
            assert "Nothing you submitted has been lost" not in response.text
            assert f"<strong>{response.headers['X-Request-ID']}</strong>" in response.text
            assert response.headers["Retry-After"] == "60"
        assert health.status_code == 503  # the load balancer sees it too
        assert _counts() == before
        assert visitor.slowest < SLOWEST_ACCEPTABLE

        proxy.start()  # back: the person sends it again, as the page asked
        again = visitor.post("/not-sure/", ENQUIRY)
        assert again.status_code == 200 and "Thank you" in again.text
        assert _counts()["enquiries"] == before["enquiries"] + 1
    finally:
        proxy.stop()


@pytest.mark.usefixtures("site", "places")
def test_with_the_broker_down_an_enquiry_is_stored_and_its_email_goes_out_when_the_sweep_runs(
    site_server, private_redis, dead_redis_url, settings
):
    from django.core import mail

    from cms.tasks import drain_outbox

    server = site_server(private_redis.url, extra_env={"CELERY_BROKER_URL": dead_redis_url})
    visitor = Visitor(server.url)
    before = _counts()

    sent = visitor.post("/not-sure/", ENQUIRY)

    assert sent.status_code == 200 and "Thank you" in sent.text
    assert _counts()["enquiries"] == before["enquiries"] + 1
    waiting = OutboxEmail.objects.filter(to=["jo.enquiry@example.org"], sent_at=None)
    assert waiting.count() == 1
    assert visitor.slowest < SLOWEST_ACCEPTABLE

    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert drain_outbox() >= 1  # what beat runs every minute once the broker is back
    assert [message.to for message in mail.outbox if message.to == ["jo.enquiry@example.org"]] == [
        ["jo.enquiry@example.org"]
    ]
    assert not waiting.exists()
