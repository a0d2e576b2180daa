"""The Redis cache reuses one client per connection pool (cms/cache.py) and still behaves as Django's:
values round-trip, and it keeps working after Redis drops every connection."""

import pytest
import redis

from django.core.cache import cache

pytestmark = pytest.mark.integration  # the real Redis: the .ci/run real-services variant


def test_cache_calls_share_one_redis_client():
    backend = cache._cache

    assert backend.get_client("a") is backend.get_client("b")
    assert backend.get_client("a", write=True) is backend.get_client("b", write=True)


def test_values_round_trip_and_survive_redis_dropping_its_connections():
    cache.set("redis-cache-test", {"answer": 42}, 30)
    client = cache._cache.get_client("redis-cache-test")
    redis.Redis(connection_pool=client.connection_pool).client_kill_filter(_type="normal", skipme=False)

    assert cache.get("redis-cache-test") == {"answer": 42}
    cache.delete("redis-cache-test")
    assert cache.get("redis-cache-test") is None
