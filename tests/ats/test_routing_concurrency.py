"""Two routings at the same moment cannot both take a destination's last weekly place
(PostgreSQL: the destination's row is locked with SELECT ... FOR UPDATE while a place is taken)."""

import contextlib
import threading
import time

import pytest

from django.db import connection, connections, transaction

from ats.models import Organisation, RoutingCapacity, RoutingDecision
from ats.routing.context import RoutingContext
from ats.routing.decide import decide, decide_and_reserve
from ats.routing.services import route_enquiries, route_enquiry
from ats.routing.subjects import subject_for_enquiry
from tests.ats.routing_support import geography_fixture  # noqa: F401
from tests.ats.test_routing_rules import enquiry_at


def test_a_place_taken_after_deciding_sends_the_person_elsewhere(geography):
    """The same race, simulated step by step on any database: the decision is made, another
    routing takes the last place, then the place is reserved (the count is read again)."""
    home = Organisation.objects.get(name="Newcastle upon Tyne Care Academy")
    RoutingCapacity.objects.filter(organisation=home).update(per_week=1)
    subject = subject_for_enquiry(enquiry_at(geography["newcastle"]))
    ctx = RoutingContext()
    assert decide(subject, ctx=ctx).destination == home  # loads read: nobody yet

    route_enquiry(enquiry_at(geography["newcastle"]))  # someone else takes the last place
    with transaction.atomic():
        plan = decide_and_reserve(subject, ctx=ctx)

    assert plan.destination.name == "Gateshead Care Academy"
    assert "their home academy is full this week" in plan.reason


def _someone_waits_for_a_lock(other: threading.Thread) -> bool:
    """Poll (not a timing assertion) until a session of this database waits on a lock."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and other.is_alive():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.02)
    return False


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgresql
def test_two_routings_at_once_cannot_both_take_the_last_place(geography):
    home = Organisation.objects.get(name="Newcastle upon Tyne Care Academy")
    RoutingCapacity.objects.filter(organisation=home).update(per_week=1)
    first_enquiry = enquiry_at(geography["newcastle"])
    second_enquiry = enquiry_at(geography["newcastle"])
    holding, release = threading.Event(), threading.Event()
    results, errors = {}, []

    def first():
        try:
            with transaction.atomic():  # keeps the first routing's lock until released
                results["first"] = route_enquiry(first_enquiry).destination.name
                holding.set()
                release.wait(30)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            holding.set()
            connections.close_all()

    def second():
        try:
            holding.wait(30)
            results["second"] = route_enquiry(second_enquiry).destination.name
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    holding.wait(30)
    waited = _someone_waits_for_a_lock(threads[1])
    release.set()
    for thread in threads:
        thread.join(30)

    assert not errors, errors
    assert results["first"] == "Newcastle upon Tyne Care Academy"
    assert results["second"] == "Gateshead Care Academy"  # the next nearest with room
    assert waited, "the second routing should have waited for the first to finish"
    assert RoutingDecision.objects.filter(destination=home).count() == 1
    second = RoutingDecision.objects.get(enquiry=second_enquiry)
    assert "their home academy is full this week" in second.reason


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgresql
def test_two_batches_taking_places_in_opposite_orders_both_finish(geography, monkeypatch):
    """Batch one routes Newcastle then Sunderland; batch two Sunderland then Newcastle. Each pauses
    after its first place until the other has taken one too (or 3 s pass). With destination row
    locks alone they would each hold the place the other needs: a deadlock, and one batch's
    enquiries lost to an error. Routings wait in line for each other instead, and both finish."""
    academies = Organisation.objects.filter(
        name__in=["Newcastle upon Tyne Care Academy", "Sunderland Care Academy"]
    )
    for academy in academies:
        RoutingCapacity.objects.update_or_create(organisation=academy, defaults={"per_week": 10})
    first_batch = [enquiry_at(geography["newcastle"])]
    second_batch = [enquiry_at(geography["sunderland"])]
    first_batch.append(enquiry_at(geography["sunderland"]))
    second_batch.append(enquiry_at(geography["newcastle"]))
    both_hold_one = threading.Barrier(2, timeout=3)
    original = RoutingContext.reserve

    def reserve_then_pause(ctx, plan):
        kept = original(ctx, plan)
        if len(ctx._locked) == 1 and not getattr(ctx, "_paused", False):
            ctx._paused = True
            # If the other batch is waiting in line, the barrier breaks after 3 s: carry on.
            with contextlib.suppress(threading.BrokenBarrierError):
                both_hold_one.wait()
        return kept

    monkeypatch.setattr(RoutingContext, "reserve", reserve_then_pause)
    errors: list[Exception] = []

    def run(batch):
        try:
            route_enquiries([e.pk for e in batch], notify=False)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(batch,)) for batch in (first_batch, second_batch)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert not errors, errors
    routed = RoutingDecision.objects.filter(enquiry__in=first_batch + second_batch, superseded_at=None)
    assert routed.count() == 4
