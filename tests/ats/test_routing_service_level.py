"""Service level: a reminder after N working days without acknowledgement, then a re-route."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from django.core import mail

from ats.models import BankHoliday, Membership, Organisation, RoutingDecision, RoutingEvent
from ats.routing.services import acknowledge, add_working_days, route_enquiry
from ats.routing.tasks import send_routing_reminders
from tests.ats.routing_support import geography_fixture  # noqa: F401
from tests.ats.test_routing_rules import enquiry_at
from tests.factories import MembershipFactory

LONDON = ZoneInfo("Europe/London")


def at(day: int, hour: int = 10) -> datetime:
    """A time in November 2026: Thursday 5th, Friday 6th, Monday 9th, Tuesday 10th, Wednesday 11th."""
    return datetime(2026, 11, day, hour, tzinfo=LONDON)


@pytest.fixture
def staffed(geography):
    """Coordinators at the Newcastle and Gateshead academies."""
    newcastle = Organisation.objects.get(name="Newcastle upon Tyne Care Academy")
    gateshead = Organisation.objects.get(name="Gateshead Care Academy")
    MembershipFactory(
        organisation=newcastle, role=Membership.Role.COORDINATOR, user__email="nel@newcastle.example"
    )
    MembershipFactory(
        organisation=gateshead, role=Membership.Role.COORDINATOR, user__email="gail@gateshead.example"
    )
    MembershipFactory(
        organisation=newcastle, role=Membership.Role.VIEWER, user__email="viewer@newcastle.example"
    )
    return geography


def sweep(when, django_capture_on_commit_callbacks):
    with time_machine.travel(when, tick=False), django_capture_on_commit_callbacks(execute=True):
        return send_routing_reminders()


def test_working_days_skip_the_weekend(db):
    assert add_working_days(at(5), 2) == at(9)  # Thursday + 2 working days = Monday
    assert add_working_days(at(6), 1) == at(9)  # Friday + 1 = Monday
    assert add_working_days(at(9), 2) == at(11)


def test_unacknowledged_enquiry_is_reminded_then_rerouted(staffed, django_capture_on_commit_callbacks):
    with time_machine.travel(at(5), tick=False), django_capture_on_commit_callbacks(execute=True):
        first = route_enquiry(enquiry_at(staffed["newcastle"]))
    assert first.destination.name == "Newcastle upon Tyne Care Academy"
    assert [m.to for m in mail.outbox] == [["nel@newcastle.example"]]  # coordinators, not viewers
    assert "sent to Newcastle upon Tyne Care Academy" in mail.outbox[0].subject

    assert sweep(at(6), django_capture_on_commit_callbacks) == {"reminded": 0, "rerouted": 0, "escalated": 0}
    assert sweep(at(8), django_capture_on_commit_callbacks)["reminded"] == 0  # Sunday: not a working day

    assert sweep(at(9), django_capture_on_commit_callbacks)["reminded"] == 1
    assert sweep(at(9, 11), django_capture_on_commit_callbacks)["reminded"] == 0  # idempotent
    reminder = mail.outbox[-1]
    assert reminder.subject.startswith("Reminder:")
    assert reminder.to == ["nel@newcastle.example"]
    assert len(mail.outbox) == 2

    assert sweep(at(10), django_capture_on_commit_callbacks)["rerouted"] == 0
    assert sweep(at(11), django_capture_on_commit_callbacks)["rerouted"] == 1
    assert sweep(at(11, 12), django_capture_on_commit_callbacks)["rerouted"] == 0

    first.refresh_from_db()
    second = first.superseded_by
    assert second.attempt == 2
    assert second.destination.name == "Gateshead Care Academy"  # the next nearest academy with room
    assert mail.outbox[-1].to == ["gail@gateshead.example"]
    assert [e.kind for e in first.events.all()] == ["routed", "reminded", "rerouted"]
    assert "passed to Gateshead Care Academy" in first.events.last().note
    assert first.status == "Passed to the next organisation"


def test_acknowledged_enquiry_is_never_reminded(staffed, django_capture_on_commit_callbacks):
    with time_machine.travel(at(5), tick=False):
        decision = route_enquiry(enquiry_at(staffed["newcastle"]))
    with time_machine.travel(at(6), tick=False):
        acknowledge(
            decision, by=Membership.objects.get(role="coordinator", organisation=decision.destination).user
        )

    assert sweep(at(20), django_capture_on_commit_callbacks) == {"reminded": 0, "rerouted": 0, "escalated": 0}
    decision.refresh_from_db()
    assert decision.acknowledged_at == at(6)
    assert decision.status == "Acknowledged"


def test_when_nobody_else_can_take_it_the_decision_is_escalated(
    staffed, django_capture_on_commit_callbacks, settings
):
    settings.ROUTING_ACK_WORKING_DAYS = 1
    Organisation.objects.filter(kind=Organisation.Kind.ACADEMY).exclude(
        name="Newcastle upon Tyne Care Academy"
    ).delete()
    with time_machine.travel(at(5), tick=False):
        decision = route_enquiry(enquiry_at(staffed["newcastle"]))

    sweep(at(6), django_capture_on_commit_callbacks)  # reminder after one working day
    assert sweep(at(9), django_capture_on_commit_callbacks)["escalated"] == 1
    assert sweep(at(12), django_capture_on_commit_callbacks) == {"reminded": 0, "rerouted": 0, "escalated": 0}

    decision.refresh_from_db()
    assert decision.superseded_at is None
    assert decision.escalated_at == at(9)
    assert RoutingEvent.objects.filter(decision=decision, kind="escalated").count() == 1
    assert RoutingDecision.objects.count() == 1


def summer(day: int, month: int = 8, hour: int = 10) -> datetime:
    """Late summer 2026: Thursday 27 August, Friday 28th, Monday 31st (summer bank holiday)."""
    return datetime(2026, month, day, hour, tzinfo=LONDON)


def test_working_days_skip_bank_holidays_loaded_from_the_shipped_file(geography):
    assert BankHoliday.objects.filter(date="2026-08-31", name="Summer bank holiday").exists()
    # Friday 28 August + 1 working day: Monday 31st is a bank holiday, so Tuesday 1 September.
    assert add_working_days(summer(28), 1) == summer(1, month=9)
    # Christmas 2026: Friday 25th and Monday 28th (Boxing Day's substitute) are bank holidays.
    assert add_working_days(datetime(2026, 12, 24, 9, tzinfo=LONDON), 2) == datetime(
        2026, 12, 30, 9, tzinfo=LONDON
    )


def test_reminder_and_reroute_wait_over_a_bank_holiday(staffed, django_capture_on_commit_callbacks):
    with time_machine.travel(summer(27), tick=False), django_capture_on_commit_callbacks(execute=True):
        first = route_enquiry(enquiry_at(staffed["newcastle"]))
    assert len(mail.outbox) == 1

    # Thursday + 2 working days is Tuesday 1 September, not Monday 31 August (bank holiday).
    assert sweep(summer(31), django_capture_on_commit_callbacks)["reminded"] == 0
    assert len(mail.outbox) == 1
    assert sweep(summer(1, month=9), django_capture_on_commit_callbacks)["reminded"] == 1
    assert mail.outbox[-1].subject.startswith("Reminder:")

    assert sweep(summer(2, month=9), django_capture_on_commit_callbacks)["rerouted"] == 0
    assert sweep(summer(3, month=9), django_capture_on_commit_callbacks)["rerouted"] == 1
    first.refresh_from_db()
    assert first.superseded_by.destination.name == "Gateshead Care Academy"


def test_a_bank_holiday_added_in_the_admin_table_counts_at_once(staffed, django_capture_on_commit_callbacks):
    BankHoliday.objects.create(date="2026-11-09", name="Extra day off")  # Monday 9 November
    with time_machine.travel(at(5), tick=False), django_capture_on_commit_callbacks(execute=True):
        route_enquiry(enquiry_at(staffed["newcastle"]))

    assert sweep(at(9), django_capture_on_commit_callbacks)["reminded"] == 0
    assert sweep(at(10), django_capture_on_commit_callbacks)["reminded"] == 1
