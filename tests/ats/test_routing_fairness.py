"""Capacity and fair sharing over many enquiries."""

import uuid
from collections import Counter
from datetime import timedelta

from django.utils import timezone

from ats.models import Organisation, RoutingDecision, RoutingRule
from ats.routing.services import route_enquiries, route_enquiry
from tests.ats.routing_support import geography_fixture  # noqa: F401
from tests.ats.test_routing_rules import enquiry_at, provider_near


def _experienced(postcode, count):
    base = enquiry_at(postcode, experience="some", interests=["care-worker"])
    yield base
    for _ in range(count - 1):
        base.pk = None
        base.public_id = uuid.uuid4()
        base.email = "same@example.org"
        base.save()
        yield base


def test_equal_providers_share_1000_enquiries_fairly_each_within_one_of_its_share(geography):
    providers = [provider_near(geography["newcastle"], f"Provider {n}") for n in range(4)]
    RoutingRule.objects.filter(action="nearest_providers").update(nearest_n=4, capacity_per_week=None)

    destinations = [route_enquiry(e).destination for e in _experienced(geography["newcastle"], 1001)]
    counts = Counter(destinations)

    assert set(counts) == set(providers)
    for provider in providers:
        assert abs(counts[provider] - 1001 / 4) <= 1
    # Round robin: the first four go to four different providers, in the same order again next.
    assert len(set(destinations[:4])) == 4
    assert destinations[4:8] == destinations[:4]


def test_weekly_capacity_is_never_exceeded_and_the_rest_go_to_an_academy(geography):
    providers = [provider_near(geography["newcastle"], f"Provider {n}") for n in range(3)]
    RoutingRule.objects.filter(action="nearest_providers").update(nearest_n=3, capacity_per_week=100)
    decisions = [route_enquiry(e) for e in _experienced(geography["newcastle"], 1000)]
    counts = Counter(d.destination for d in decisions if d)

    assert [counts[p] for p in providers] == [100, 100, 100]
    academy_counts = {org.name: n for org, n in counts.items() if org.kind == Organisation.Kind.ACADEMY}
    assert all(n <= 25 for n in academy_counts.values())
    assert academy_counts["Newcastle upon Tyne Care Academy"] == 25
    # Every academy is filled (25 a week each) before anyone is left unrouted for an admin.
    assert sum(counts.values()) == 300 + 12 * 25
    assert decisions.count(None) == 1000 - 600


def test_a_batch_shares_fairly_respects_capacity_and_matches_routing_one_by_one(geography):
    providers = [provider_near(geography["newcastle"], f"Provider {n}") for n in range(3)]
    RoutingRule.objects.filter(action="nearest_providers").update(nearest_n=3, capacity_per_week=40)
    batch = [e.pk for e in _experienced(geography["newcastle"], 150)]

    decisions = route_enquiries(batch)
    again = route_enquiries(batch)

    counts = Counter(d.destination for d in decisions.values() if d)
    assert [counts[p] for p in providers] == [40, 40, 40]
    assert counts[Organisation.objects.get(name="Newcastle upon Tyne Care Academy")] == 25
    assert again == decisions  # already routed: kept, nothing new
    assert RoutingDecision.objects.count() == 150
    # One by one gives the same split for the next week's enquiries.
    RoutingDecision.objects.update(decided_at=timezone.now() - timedelta(days=8))
    one_by_one = Counter(route_enquiry(e).destination for e in _experienced(geography["newcastle"], 150))
    assert one_by_one == counts
