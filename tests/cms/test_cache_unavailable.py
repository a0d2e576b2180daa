"""The cache is optional at run time (cms/cache.py): with Redis refusing connections or accepting
them and never answering, every read is a miss, every write is dropped, the public form rate limit
lets the post through, and after one failure the backend leaves Redis alone for a while."""

import logging
import socket
import time

import pytest

from django.test import RequestFactory

from cms import ratelimit
from cms.cache import RedisCache


@pytest.fixture
def refused_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"  # the port is closed again: connections are refused


@pytest.fixture
def frozen_url():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)  # the kernel accepts connections; nobody ever reads or answers
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    listener.close()


def unavailable_cache(url: str, retry_after: float = 30) -> RedisCache:
    return RedisCache(
        url,
        {
            "RETRY_AFTER": retry_after,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    )


@pytest.mark.parametrize("url_fixture", ["refused_url", "frozen_url"])
def test_an_unreachable_redis_is_an_empty_cache(url_fixture, request):
    cache = unavailable_cache(request.getfixturevalue(url_fixture))

    assert cache.get("page", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    cache.set("page", "value")
    cache.set_many({"a": 1})
    cache.delete("page")
    assert cache.has_key("page") is False
    with pytest.raises(ValueError):
        cache.incr("counter")
    assert cache.get_or_set("figures", lambda: 42) == 42


def test_after_a_failure_the_cache_rests_instead_of_waiting_on_each_call(frozen_url, caplog):
    cache = unavailable_cache(frozen_url)

    with caplog.at_level(logging.WARNING, logger="cms.cache"):
        started = time.monotonic()
        cache.get("first")  # waits for the read timeout once
        first = time.monotonic() - started
        started = time.monotonic()
        for n in range(50):
            cache.get(f"key{n}")
        rest = time.monotonic() - started

    assert first >= 0.2
    assert rest < 0.1  # no more timeouts while resting
    assert len([r for r in caplog.records if "Cache unavailable" in r.getMessage()]) == 1


def test_it_tries_redis_again_after_resting(refused_url, caplog):
    cache = unavailable_cache(refused_url, retry_after=0.1)

    with caplog.at_level(logging.WARNING, logger="cms.cache"):
        cache.get("a")
        time.sleep(0.15)
        cache.get("b")

    assert len([r for r in caplog.records if "Cache unavailable" in r.getMessage()]) == 2


def test_public_form_rate_limit_lets_posts_through_while_the_cache_is_down(refused_url, settings):
    """Fail open: a person's submission is stored even though it can't be counted."""
    settings.CACHES = {
        "default": {
            "BACKEND": "cms.cache.RedisCache",
            "LOCATION": refused_url,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.FORM_RATE_LIMIT = 2
    post = RequestFactory().post("/not-sure/", REMOTE_ADDR="203.0.113.9")

    assert all(ratelimit.allow(post, "enquiry") for _ in range(5))
