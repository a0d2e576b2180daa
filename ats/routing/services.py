"""Routing: send each enquiry (or new-to-care applicant) to someone who will act on it, tell them,
record the decision; acknowledge, reroute and remind when a destination does not act (ADR 0006)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ats.applications.models import Application, Enquiry
from ats.organisations.models import Membership, Organisation
from ats.organisations.permissions import REGIONAL_ADMINS_GROUP
from ats.routing.bank_holidays import add_working_days, bank_holidays
from ats.routing.context import RoutingContext
from ats.routing.decide import decide_and_reserve
from ats.routing.models import RoutingDecision, RoutingEvent
from ats.routing.subjects import (
    NOTIFY_ROLES,
    Plan,
    _known_units,
    _outcode,
    _split_districts,
    subject_for_application,
    subject_for_enquiry,
)
from cms.email import queue_email


def recipients_for(organisation: Organisation) -> list[str]:
    emails = list(
        Membership.objects.filter(organisation=organisation, role__in=NOTIFY_ROLES, user__is_active=True)
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )
    if not emails and organisation.email:
        emails = [organisation.email]
    return emails


def recipients_for_each(organisations: Iterable[Organisation]) -> dict[int, list[str]]:
    """`recipients_for` of many organisations in one query (a batch routes to hundreds)."""
    organisations = {org.pk: org for org in organisations}
    emails: dict[int, list[str]] = {pk: [] for pk in organisations}
    for org_id, email in (
        Membership.objects.filter(
            organisation_id__in=list(organisations), role__in=NOTIFY_ROLES, user__is_active=True
        )
        .order_by("organisation_id", "user__email")
        .values_list("organisation_id", "user__email")
    ):
        emails[org_id].append(email)
    for pk, org in organisations.items():
        if not emails[pk] and org.email:
            emails[pk] = [org.email]
    return emails


def regional_admin_emails() -> list[str]:
    """Everyone who answers for the whole region: superusers and the "Regional admins" group."""
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name=REGIONAL_ADMINS_GROUP))
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


def _notify(decision: RoutingDecision, template: str, recipients: list[str] | None = None) -> None:

    if recipients is None:
        recipients = recipients_for(decision.destination)
    if recipients:
        queue_email(
            recipients,
            f"emails/routing/{template}",
            {"decision": decision, "organisation": decision.destination, "working_days": ack_working_days()},
        )


def _record(
    plan: Plan,
    *,
    enquiry: Enquiry | None = None,
    application: Application | None = None,
    attempt: int = 1,
    now: datetime | None = None,
) -> RoutingDecision:
    now = now or timezone.now()
    decision = RoutingDecision.objects.create(
        enquiry=enquiry,
        application=application,
        rule=plan.rule,
        rule_name=plan.rule.name if plan.rule else CHOSEN_RULE_NAME,
        destination=plan.destination,
        reason=plan.reason,
        distance_miles=plan.distance_miles,
        attempt=attempt,
        decided_at=now,
    )
    RoutingEvent.objects.create(decision=decision, kind=RoutingEvent.Kind.ROUTED, note=plan.reason, at=now)
    _notify(decision, "routed")
    return decision


def route_enquiry(enquiry: Enquiry) -> RoutingDecision | None:
    """Route an enquiry once. Returns its current decision, or None if no rule found anyone."""
    with transaction.atomic():
        enquiry = (
            Enquiry.objects.select_for_update(of=("self",))
            .select_related("local_authority")
            .annotate(
                routed=Exists(RoutingDecision.objects.filter(enquiry=OuterRef("pk"), superseded_at=None))
            )
            .get(pk=enquiry.pk)
        )
        if enquiry.routed:
            return enquiry.routing_decisions.filter(superseded_at=None).first()
        plan = decide_and_reserve(subject_for_enquiry(enquiry))
        return _record(plan, enquiry=enquiry) if plan else None


CHOSEN_RULE_NAME = "Chosen by the person"


def route_enquiry_to(enquiry: Enquiry, destination: Organisation, *, reason: str) -> RoutingDecision:
    """Send an enquiry to the organisation the person chose (an academy's register-interest form)
    instead of asking the rules. Like `route_enquiry`, an enquiry already routed keeps its decision;
    reminders and re-routing then apply as to any decision."""
    with transaction.atomic():
        enquiry = Enquiry.objects.select_for_update(of=("self",)).get(pk=enquiry.pk)
        current = enquiry.routing_decisions.filter(superseded_at=None).first()
        if current is not None:
            return current
        return _record(
            Plan(rule=None, destination=destination, distance_miles=None, reason=reason), enquiry=enquiry
        )


def route_enquiries(enquiry_ids: Iterable[int], *, notify: bool = True) -> dict[int, RoutingDecision | None]:
    """Route many enquiries in one transaction (a backlog, the bench): the rules, academies and
    vacancies are read once for the batch and the loads kept in memory, so the result is the same
    as routing them one by one in order of arrival. Already routed enquiries keep their decision."""
    ids = list(enquiry_ids)
    with transaction.atomic():
        enquiries = list(
            Enquiry.objects.select_for_update(of=("self",))
            .select_related("local_authority")
            .filter(pk__in=ids)
            .order_by("created_at", "pk")
        )
        current = {
            d.enquiry_id: d
            for d in RoutingDecision.objects.filter(enquiry_id__in=ids, superseded_at=None).select_related(
                "destination"
            )
        }
        ctx = RoutingContext(batch=True)
        # Whose council is not known: a postcode in a split district that is not a known unit
        # (two queries for the batch).
        split = set(_split_districts().values_list("outcode", flat=True))
        on_border = {e.postcode for e in enquiries if _outcode(e.postcode) in split}
        known = set(_known_units(on_border).values_list("postcode", flat=True)) if on_border else set()
        uncertain = on_border - known
        new: list[RoutingDecision] = []
        for enquiry in enquiries:
            if enquiry.pk in current:
                continue
            plan = decide_and_reserve(subject_for_enquiry(enquiry, uncertain=uncertain), ctx=ctx)
            if plan is None:
                continue
            new.append(
                RoutingDecision(
                    enquiry=enquiry,
                    rule=plan.rule,
                    rule_name=plan.rule.name,
                    destination=plan.destination,
                    reason=plan.reason,
                    distance_miles=plan.distance_miles,
                    decided_at=ctx.now,
                )
            )
            ctx.routed(plan.destination.pk, ctx.now)
        RoutingDecision.objects.bulk_create(new, batch_size=1000)
        RoutingEvent.objects.bulk_create(
            [RoutingEvent(decision=d, kind=RoutingEvent.Kind.ROUTED, note=d.reason, at=ctx.now) for d in new],
            batch_size=1000,
        )
        if notify:
            recipients = recipients_for_each(d.destination for d in new)
            for decision in new:
                _notify(decision, "routed", recipients[decision.destination_id])
        current.update((d.enquiry_id, d) for d in new)
    return {pk: current.get(pk) for pk in ids}


def unrouted_enquiries():
    """Enquiries with no current decision (nobody could take them), oldest first."""
    current = RoutingDecision.objects.filter(enquiry=OuterRef("pk"), superseded_at=None)
    return Enquiry.objects.filter(~Exists(current), anonymised=False).order_by("created_at", "pk")


def route_again(enquiry_ids: Iterable[int] | None = None, *, limit: int = 500) -> tuple[int, int]:
    """Try unrouted enquiries again (a regional admin's "Route again"), oldest first, with the rules
    and loads as they are now: one batch (`route_enquiries`), so the same as one by one in order
    of arrival. Enquiries routed meanwhile are left alone. Returns (routed now, still unrouted)."""
    pending = unrouted_enquiries()
    if enquiry_ids is not None:
        pending = pending.filter(pk__in=list(enquiry_ids))
    decisions = route_enquiries(list(pending.values_list("pk", flat=True)[:limit]))
    routed = sum(1 for decision in decisions.values() if decision is not None)
    return routed, len(decisions) - routed


def route_application(application: Application) -> RoutingDecision | None:
    """Route an application from someone new to care (to their academy, by default). Others: None."""
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("candidate__candidate_profile__local_authority", "vacancy__role")
            .get(pk=application.pk)
        )
        current = application.routing_decisions.filter(superseded_at=None).first()
        if current is not None:
            return current
        subject = subject_for_application(application)
        if subject is None or subject.experience != "none":
            return None
        plan = decide_and_reserve(subject)
        return _record(plan, application=application) if plan else None


def acknowledge(decision: RoutingDecision, *, by) -> RoutingDecision:
    """The destination says it has picked the person up. Idempotent."""
    with transaction.atomic():
        decision = RoutingDecision.objects.select_for_update().get(pk=decision.pk)
        if decision.acknowledged_at is None and decision.superseded_at is None:
            decision.acknowledged_at = timezone.now()
            decision.acknowledged_by = by
            decision.save(update_fields=["acknowledged_at", "acknowledged_by"])
            RoutingEvent.objects.create(
                decision=decision, kind=RoutingEvent.Kind.ACKNOWLEDGED, actor=by, at=decision.acknowledged_at
            )
    return decision


# --- Service level -----------------------------------------------------------------------------------


def ack_working_days() -> int:
    return int(getattr(settings, "ROUTING_ACK_WORKING_DAYS", 2))


def _tried_destinations(decision: RoutingDecision) -> list[int]:
    if decision.enquiry_id:
        others = RoutingDecision.objects.filter(enquiry_id=decision.enquiry_id)
    else:
        others = RoutingDecision.objects.filter(application_id=decision.application_id)
    return list(others.values_list("destination_id", flat=True))


def reroute(decision: RoutingDecision, *, now: datetime | None = None) -> RoutingDecision | None:
    """Pass an unacknowledged decision to the next destination (never one already tried)."""
    now = now or timezone.now()
    if decision.enquiry_id:
        subject = subject_for_enquiry(decision.enquiry)
    else:
        subject = subject_for_application(decision.application)
    plan = decide_and_reserve(subject, exclude=_tried_destinations(decision), now=now) if subject else None
    if plan is None:
        decision.escalated_at = now
        decision.save(update_fields=["escalated_at"])
        RoutingEvent.objects.create(
            decision=decision,
            kind=RoutingEvent.Kind.ESCALATED,
            note="Not acknowledged, and no other organisation could take it. A regional admin needs to act.",
            at=now,
        )
        _notify(decision, "escalated")
        admins = regional_admin_emails()
        if admins:
            _notify(decision, "escalated_admin", admins)
        return None
    new = _record(
        plan,
        enquiry=decision.enquiry,
        application=decision.application,
        attempt=decision.attempt + 1,
        now=now,
    )
    decision.superseded_at = now
    decision.superseded_by = new
    decision.save(update_fields=["superseded_at", "superseded_by"])
    RoutingEvent.objects.create(
        decision=decision,
        kind=RoutingEvent.Kind.REROUTED,
        note=f"Not acknowledged within {ack_working_days()} working days of the reminder: passed to "
        f"{new.destination}.",
        at=now,
    )
    return new


def send_routing_reminders(now: datetime | None = None) -> dict[str, int]:
    """Remind destinations that have not acknowledged in time; re-route those reminded and still
    silent. Safe to run as often as you like: each step happens once per decision."""
    now = now or timezone.now()
    days = ack_working_days()
    waiting = RoutingDecision.objects.filter(
        superseded_at=None,
        acknowledged_at=None,
        escalated_at=None,
        decided_at__lte=now - timedelta(days=days),
    )
    counts = {"reminded": 0, "rerouted": 0, "escalated": 0}
    holidays = bank_holidays()
    for pk in waiting.order_by("decided_at", "pk").values_list("pk", flat=True):
        with transaction.atomic():
            decision = (
                RoutingDecision.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(pk=pk, superseded_at=None, acknowledged_at=None, escalated_at=None)
                .select_related("destination", "enquiry", "application")
                .first()
            )
            if decision is None:
                continue
            if decision.reminder_sent_at is None:
                if now >= add_working_days(decision.decided_at, days, holidays):
                    decision.reminder_sent_at = now
                    decision.save(update_fields=["reminder_sent_at"])
                    RoutingEvent.objects.create(
                        decision=decision,
                        kind=RoutingEvent.Kind.REMINDED,
                        note=f"Not acknowledged within {days} working days: reminder sent.",
                        at=now,
                    )
                    _notify(decision, "reminder")
                    counts["reminded"] += 1
            elif now >= add_working_days(decision.reminder_sent_at, days, holidays):
                counts["rerouted" if reroute(decision, now=now) else "escalated"] += 1
    return counts
