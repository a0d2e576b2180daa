"""Deciding: the rules in order, the fair choice between destinations with room, and the reason given
(also the admin's "try it" screen, which explains without saving)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone

from ats.routing.context import RoutingContext, _Load
from ats.routing.models import RoutingRule
from ats.routing.nearest import _distance, _limit_miles, _nearest_with_room, _vacancy_candidates, _why_not
from ats.routing.subjects import EXPERIENCE_WORDS, Candidate, Plan, Subject, _outcode


def _candidates(rule: RoutingRule, s: Subject, ctx: RoutingContext) -> tuple[list[Candidate], str]:
    """Possible destinations for the rule's action, nearest first, or ([], why there are none)."""
    action = rule.action
    if action == RoutingRule.Action.ORGANISATION:
        org = rule.organisation
        if org is None:
            return [], "the rule names no organisation"
        found = [Candidate(org.pk, org.name, _distance(s, *ctx.position(org)))]
    elif action == RoutingRule.Action.HOME_ACADEMY:
        if not s.in_region:
            return [], "they have no home council in the North East"
        org = next((a for a in ctx.academies() if a.local_authority_id == s.council.pk), None)
        if org is None:
            return [], f"{s.council} has no care academy on the site"
        found = [Candidate(org.pk, org.name, _distance(s, *ctx.position(org)))]
    elif action == RoutingRule.Action.NEAREST_ACADEMY:
        found = [Candidate(org.pk, org.name, _distance(s, *ctx.position(org))) for org in ctx.academies()]
    elif action == RoutingRule.Action.NEAREST_PROVIDERS:
        if not ctx.vacancy_rows(s, nhs=False):
            return [], "no provider has a matching live vacancy"
        found = _vacancy_candidates(s, ctx, nhs=False, within=_limit_miles(rule, s))
    elif action == RoutingRule.Action.NHS_TRUST:
        if not ctx.vacancy_rows(s, nhs=True):
            return [], "no NHS trust has a live Agenda for Change post they could take"
        found = _vacancy_candidates(s, ctx, nhs=True, within=_limit_miles(rule, s))
    else:
        return [], f"unknown action {action}"
    limit = _limit_miles(rule, s)
    if limit is not None:
        found = [c for c in found if c.distance is not None and c.distance <= limit]
        if not found:
            return [], f"nothing is within {limit:g} miles"
    found.sort(key=lambda c: (c.distance if c.distance is not None else float("inf"), c.organisation_id))
    return found, ""


def _fair_choice(pool: list[Candidate], loads: dict[int, _Load]) -> Candidate:
    """Least loaded this week, then least recently routed to (round robin), then lowest id."""
    oldest = timezone.make_aware(datetime(2000, 1, 1))
    return min(
        pool,
        key=lambda c: (
            loads[c.organisation_id].count,
            loads[c.organisation_id].last or oldest,
            c.organisation_id,
        ),
    )


def beyond_travel(s: Subject, miles: float | None) -> bool:
    """The destination is further than the person said they would travel."""
    return bool(s.max_travel_miles) and miles is not None and miles > s.max_travel_miles


def _reason(rule: RoutingRule, s: Subject, chosen: Candidate, pool_size: int, home_full: bool) -> str:
    who = []
    if s.council:
        who.append(f"lives in {s.council.name}" + ("" if s.in_region else " (outside the North East)"))
    else:
        who.append(f"lives outside the North East ({s.postcode})")
    if rule.area == RoutingRule.Area.BORDER:
        who.append(
            f"their council is not known (only their postcode district, {_outcode(s.postcode)}, is, and it "
            "is split between councils)"
        )
    if not s.over_18:
        who.append("under 18" if s.age_known else "age not given yet")
    who.append(EXPERIENCE_WORDS.get(s.experience, s.experience))
    if rule.nhs_interest == RoutingRule.Nhs.YES:
        who.append("interested in working for the NHS")
    if rule.interests:
        who.append("interested in " + ", ".join(sorted(set(rule.interests) & s.interests)))
    where = {
        RoutingRule.Action.HOME_ACADEMY: f"sent to their council's care academy, {chosen.name}",
        RoutingRule.Action.ORGANISATION: f"sent to {chosen.name}, the organisation this rule names",
        RoutingRule.Action.NEAREST_PROVIDERS: (
            f"sent to {chosen.name}, one of the {pool_size} nearest providers with a live vacancy that "
            "matches what they want, shared fairly between them"
        ),
        RoutingRule.Action.NHS_TRUST: (
            f"sent to {chosen.name}, an NHS trust with live Agenda for Change posts"
            + (f", shared fairly between the {pool_size} nearest" if pool_size > 1 else "")
        ),
        RoutingRule.Action.NEAREST_ACADEMY: f"sent to the nearest care academy with room, {chosen.name}",
    }[rule.action]
    if home_full:
        where += " (their home academy is full this week)"
    if chosen.distance is not None:
        where += f", {chosen.distance:.1f} miles away"
        if beyond_travel(s, chosen.distance):
            where += f", further than the {s.max_travel_miles} miles they said they would travel"
    text = f"{rule.name}: {'; '.join(who)}. So {where}."
    if rule.explanation:
        text += f" {rule.explanation}"
    return text[0].upper() + text[1:]


def decide(
    subject: Subject,
    *,
    exclude: Iterable[int] = (),
    now: datetime | None = None,
    ctx: RoutingContext | None = None,
) -> Plan | None:
    """Where this person would go now, and why. Reads only; writes nothing."""
    return explain(subject, exclude=exclude, now=now, ctx=ctx)[0]


def explain(
    subject: Subject,
    *,
    exclude: Iterable[int] = (),
    now: datetime | None = None,
    ctx: RoutingContext | None = None,
) -> tuple[Plan | None, list[str]]:
    """The plan (or None) and, for the admin "try it" screen, what each rule made of the person."""
    ctx = ctx or RoutingContext(now)
    excluded = set(exclude)
    trace: list[str] = []
    home_full = False
    for rule in ctx.rules:
        why_not = _why_not(rule, subject, ctx)
        if why_not:
            trace.append(f"{rule.name}: does not apply, {why_not}.")
            continue
        limit = _limit_miles(rule, subject)
        nhs = rule.action == RoutingRule.Action.NHS_TRUST
        if (
            rule.action in (RoutingRule.Action.NEAREST_PROVIDERS, RoutingRule.Action.NHS_TRUST)
            and limit is not None
            and subject.has_position
            and ctx.vacancy_rows(subject, nhs=nhs)
        ):
            nearest = _nearest_with_room(
                subject, ctx, rule, nhs=nhs, within=limit, excluded=excluded, n=max(rule.nearest_n, 1)
            )
            if not nearest.within:
                trace.append(f"{rule.name}: applies, but nothing is within {limit:g} miles.")
            elif not nearest.untried:
                trace.append(f"{rule.name}: applies, but every destination has been tried.")
            elif not nearest.pool:
                trace.append(f"{rule.name}: applies, but every destination is full this week.")
            else:
                pool, loads = nearest.pool, nearest.loads
                chosen = _fair_choice(pool, loads)
                trace.append(f"{rule.name}: applies; sent to {chosen.name}.")
                destination = rule.organisation if rule.organisation_id == chosen.organisation_id else None
                plan = Plan(
                    rule=rule,
                    destination=destination or ctx.organisation(chosen.organisation_id),
                    distance_miles=chosen.distance,
                    reason=_reason(rule, subject, chosen, len(pool), home_full),
                    trace=trace,
                    capacity=loads[chosen.organisation_id].capacity,
                )
                return plan, trace
            continue
        found, why_none = _candidates(rule, subject, ctx)
        found = [c for c in found if c.organisation_id not in excluded]
        if not found:
            trace.append(f"{rule.name}: applies, but {why_none or 'every destination has been tried'}.")
            continue
        # Each action's equal destinations: the nearest N (one for a named organisation or academy).
        loads = ctx.loads([c.organisation_id for c in found], rule)
        with_room = [c for c in found if loads[c.organisation_id].has_room]
        if not with_room:
            if rule.action == RoutingRule.Action.HOME_ACADEMY:
                home_full = True
            trace.append(f"{rule.name}: applies, but every destination is full this week.")
            continue
        if rule.action in (RoutingRule.Action.NEAREST_PROVIDERS, RoutingRule.Action.NHS_TRUST):
            pool = with_room[: max(rule.nearest_n, 1)]
            chosen = _fair_choice(pool, loads)
        else:
            pool = with_room[:1]
            chosen = pool[0]
        trace.append(f"{rule.name}: applies; sent to {chosen.name}.")
        destination = rule.organisation if rule.organisation_id == chosen.organisation_id else None
        destination = destination or ctx.organisation(chosen.organisation_id)
        plan = Plan(
            rule=rule,
            destination=destination,
            distance_miles=chosen.distance,
            reason=_reason(rule, subject, chosen, len(pool), home_full),
            trace=trace,
            capacity=loads[chosen.organisation_id].capacity,
        )
        return plan, trace
    trace.append("No rule found a destination.")
    return None, trace


def decide_and_reserve(
    subject: Subject,
    *,
    exclude: Iterable[int] = (),
    now: datetime | None = None,
    ctx: RoutingContext | None = None,
) -> Plan | None:
    """`decide`, then hold the destination's place (`RoutingContext.reserve`) until the caller's
    transaction ends. If another routing took the last place meanwhile, decide again: that
    destination now counts as full. Call inside a transaction."""
    ctx = ctx or RoutingContext(now)
    for _ in range(50):  # each retry marks one more destination full; never more than a few
        plan = decide(subject, exclude=exclude, ctx=ctx)
        if plan is None or ctx.reserve(plan):
            return plan
    return None
