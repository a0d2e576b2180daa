"""The Redis cache behaves as Django's: values round-trip, and it keeps working after Redis drops
every connection."""

import pytest
import redis

from django.conf import settings
from django.core.cache import cache

pytestmark = pytest.mark.integration  # the real Redis: the .ci/run real-services variant


def test_values_round_trip_and_survive_redis_dropping_its_connections():
    cache.set("redis-cache-test", {"answer": 42}, 30)
    redis.Redis.from_url(settings.REDIS_URL).client_kill_filter(_type="normal", skipme=True)

    assert cache.get("redis-cache-test") == {"answer": 42}
    cache.delete("redis-cache-test")
    assert cache.get("redis-cache-test") is None
