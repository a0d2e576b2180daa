"""Issue 22.7: every public form is limited per visitor and refuses a post sent faster than a
person could fill it in, and behind the production proxy each visitor has a budget of their own.

Every request here arrives from one proxy address (REMOTE_ADDR), as in production behind the load
balancer, which appends the address it saw to X-Forwarded-For (TRUSTED_PROXY_COUNT = 1)."""

from __future__ import annotations

import re

import pytest
import time_machine

from django.core import mail
from django.core.cache import cache
from django.test import Client

from wagtail.contrib.forms.models import FormSubmission

from ats.models import ApplicationDraft, Enquiry, JobAlert
from campaign.models import EventRegistration
from cms.client_ip import client_ip
from cms.fill_time import FIELD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]

PROXY = "10.0.0.5"
LIMIT = 3
PASSWORD = "a-long-care-password-42"
TOO_FAST = "Please take a moment, check your answers and send again."


@pytest.fixture(autouse=True)
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.FORM_RATE_LIMIT = LIMIT
    cache.clear()
    yield
    cache.clear()


def visitor(address: str, *, spoofed: str | None = None) -> Client:
    """A browser at `address`; the proxy passes on whatever X-Forwarded-For it sent and adds
    `address` at the right."""
    forwarded = f"{spoofed}, {address}" if spoofed else address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def register(client, event, n: int):
    return client.post(event.url + "register/", {"name": f"Person {n}", "email": f"p{n}@example.org"})


def test_the_client_address_is_the_entry_our_proxy_added():
    from django.test import RequestFactory

    factory = RequestFactory(REMOTE_ADDR=PROXY)
    assert client_ip(factory.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(factory.get("/")) == PROXY  # not through the proxy: its own address
    assert client_ip(factory.get("/", HTTP_X_FORWARDED_FOR="not-an-address")) == PROXY


def test_client_ip_is_remote_addr_when_no_proxy_is_trusted(settings):
    from django.test import RequestFactory

    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory(REMOTE_ADDR="198.51.100.4").get("/", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client_ip(request) == "198.51.100.4"


def test_event_registration_is_limited_per_visitor_and_visitors_behind_the_proxy_do_not_share_a_budget(site):
    event = site.event
    event.capacity = 30
    event.save_revision().publish()
    bot, person = visitor("203.0.113.66"), visitor("198.51.100.20")

    answers = [register(bot, event, n).status_code for n in range(LIMIT + 1)]
    own = register(person, event, 99)

    assert answers == [302] * LIMIT + [429]
    assert "too many attempts" in bot.post(event.url + "register/", {}).content.decode()
    assert own.status_code == 302
    assert EventRegistration.objects.filter(event=event).count() == LIMIT + 1


def test_spoofed_leftmost_forwarded_entries_do_not_buy_a_new_budget(site):
    event = site.event
    event.capacity = 30
    event.save_revision().publish()

    answers = [
        register(visitor("203.0.113.66", spoofed=f"192.0.2.{n}"), event, n).status_code
        for n in range(LIMIT + 1)
    ]

    assert answers == [302] * LIMIT + [429]
    assert EventRegistration.objects.filter(event=event).count() == LIMIT


def test_the_contact_form_is_limited_per_visitor(site):
    bot, person = visitor("203.0.113.66"), visitor("198.51.100.20")
    message = {"your_name": "Bot", "your_message": "Buy now"}

    answers = [bot.post(site.contact.url, message).status_code for _ in range(LIMIT + 1)]

    assert answers == [200] * LIMIT + [429]
    assert person.post(site.contact.url, {"your_name": "Jo", "your_message": "Hello"}).status_code == 200
    assert FormSubmission.objects.filter(page=site.contact).count() == LIMIT + 1


def test_a_sign_in_flood_from_one_visitor_does_not_lock_out_another_behind_the_proxy(site, settings):
    from allauth.account.models import EmailAddress

    from tests.factories import UserFactory

    settings.ACCOUNT_RATE_LIMITS = {"login": f"{LIMIT}/m/ip"}
    member = UserFactory(email="jo@seeker.example")
    member.set_password(PASSWORD)
    member.save()
    EmailAddress.objects.update_or_create(
        user=member, email=member.email, defaults={"verified": True, "primary": True}
    )
    attacker, jo = visitor("203.0.113.66"), visitor("198.51.100.20")

    for n in range(LIMIT):
        attacker.post("/accounts/login/", {"login": f"guess{n}@example.org", "password": "wrong-guess-1"})
    blocked = attacker.post("/accounts/login/", {"login": "guess@example.org", "password": "wrong-guess-1"})
    signed_in = jo.post("/accounts/login/", {"login": member.email, "password": PASSWORD})

    assert blocked.status_code == 429
    assert signed_in.status_code == 302
    assert jo.session.get("_auth_user_id") == str(member.pk)


# The minimum fill time.


def stamp_in(html: str) -> str:
    match = re.search(rf'name="{FIELD}" value="([^"]+)"', html)
    assert match, "the form carries no fill-time stamp"
    return match.group(1)


def test_an_event_registration_sent_at_once_is_shown_again_with_its_values_and_goes_through_after_a_moment(
    site, settings
):
    settings.FORM_MIN_FILL_SECONDS = 3
    person = visitor("198.51.100.20")
    url = site.event.url + "register/"
    with time_machine.travel("2026-12-07 10:00:00+00:00", tick=False) as clock:
        stamp = stamp_in(person.get(url).content.decode())
        answers = {"name": "Jo Bloggs", "email": "jo@example.org", "phone": "07700 900982", FIELD: stamp}

        clock.shift(1)
        too_fast = person.post(url, answers)

        page = too_fast.content.decode()
        assert TOO_FAST in page
        assert (
            'value="Jo Bloggs"' in page
            and 'value="jo@example.org"' in page
            and 'value="07700 900982"' in page
        )
        assert not EventRegistration.objects.exists()

        clock.shift(3)
        again = person.post(url, {**answers, FIELD: stamp_in(page)})

    assert again.status_code == 302
    assert EventRegistration.objects.get().email == "jo@example.org"


def test_a_post_without_a_genuine_stamp_is_asked_to_send_again(site, settings):
    settings.FORM_MIN_FILL_SECONDS = 3
    person = visitor("198.51.100.20")
    url = site.event.url + "register/"

    forged = person.post(url, {"name": "Bot", "email": "bot@example.org", FIELD: "1700000000.0"})
    missing = person.post(url, {"name": "Bot", "email": "bot@example.org"})

    assert TOO_FAST in forged.content.decode() and TOO_FAST in missing.content.decode()
    assert stamp_in(forged.content.decode()) != "1700000000.0"  # shown again with a genuine stamp
    assert not EventRegistration.objects.exists()


PUBLIC_FORMS = {
    "enquiry": (lambda site: "/not-sure/", {"email": "jo@example.org"}, lambda: Enquiry.objects.exists()),
    "contact": (lambda site: site.contact.url, {"your_name": "Jo"}, lambda: FormSubmission.objects.exists()),
    "job alert": (
        lambda site: "/jobs/alerts/new/",
        {"email": "jo@example.org"},
        lambda: JobAlert.objects.exists(),
    ),
    "apply as a guest": (
        lambda site: f"/jobs/{site.vacancy.slug}/apply/",
        {"email": "jo@example.org"},
        lambda: ApplicationDraft.objects.exists(),
    ),
    "academy interest": (
        lambda site: site.academy.url,
        {"email": "jo@example.org"},
        lambda: Enquiry.objects.exists(),
    ),
    "password reset": (
        lambda site: "/accounts/password/reset/",
        {"email": "jo@example.org"},
        lambda: mail.outbox,
    ),
}


@pytest.mark.parametrize(("url", "answers", "stored"), list(PUBLIC_FORMS.values()), ids=list(PUBLIC_FORMS))
def test_every_public_form_carries_a_stamp_and_refuses_an_instant_post(site, settings, url, answers, stored):
    settings.FORM_MIN_FILL_SECONDS = 3
    person = visitor("198.51.100.20")
    address = url(site)

    stamp = stamp_in(person.get(address).content.decode())
    response = person.post(address, {**answers, FIELD: stamp})

    page = response.content.decode()
    assert TOO_FAST in page
    assert 'value="jo@example.org"' in page or 'value="Jo"' in page
    assert not stored()


def test_a_rate_limit_lets_posts_through_and_logs_when_the_cache_is_down(caplog):
    from django.test import RequestFactory, override_settings

    from cms import ratelimit

    dead_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    request = RequestFactory(REMOTE_ADDR=PROXY).post("/", HTTP_X_FORWARDED_FOR="198.51.100.20")

    with override_settings(CACHES=dead_cache):
        answers = [ratelimit.allow(request, "event") for _ in range(LIMIT + 1)]

    assert answers == [True] * (LIMIT + 1)
    assert "Rate limit event not counted, the cache is unavailable" in caplog.text
