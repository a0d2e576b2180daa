"""Scoped querysets for routing, referrals and academy courses.

Every view fetches through these, so another organisation's enquiry is a 404. A member sees what
was routed (current decisions only) or referred to their organisations; regional admins see all.
(To be merged into ats/permissions.py with the recruiter portal.)
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ats.models import Cohort, Enquiry, Membership, Organisation, Referral, RoutingDecision

ACTING_ROLES = [Membership.Role.ADMIN, Membership.Role.RECRUITER, Membership.Role.COORDINATOR]


def is_regional_admin(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("ats.view_routingdecision"))
    )


def member_organisations(user, *, acting: bool = False) -> QuerySet[Organisation]:
    """Organisations the user belongs to; `acting`: where they may do more than view."""
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    memberships = Membership.objects.filter(user=user)
    if acting:
        memberships = memberships.filter(role__in=ACTING_ROLES)
    return Organisation.objects.filter(pk__in=memberships.values("organisation_id"))


def routing_decisions_for(user) -> QuerySet[RoutingDecision]:
    decisions = RoutingDecision.objects.select_related("destination", "enquiry", "application", "rule")
    if is_regional_admin(user):
        return decisions
    return decisions.filter(destination__in=member_organisations(user), superseded_at=None)


def referrals_for(user) -> QuerySet[Referral]:
    referrals = Referral.objects.select_related("from_org", "to_org", "vacancy")
    if is_regional_admin(user):
        return referrals
    orgs = member_organisations(user)
    return referrals.filter(Q(to_org__in=orgs) | Q(from_org__in=orgs))


def enquiries_for(user) -> QuerySet[Enquiry]:
    if is_regional_admin(user):
        return Enquiry.objects.all()
    orgs = member_organisations(user)
    routed = RoutingDecision.objects.filter(destination__in=orgs, superseded_at=None).values("enquiry_id")
    referred = Referral.objects.filter(to_org__in=orgs).values("enquiry_id")
    return Enquiry.objects.filter(Q(pk__in=routed) | Q(pk__in=referred))


def cohorts_for(user) -> QuerySet[Cohort]:
    cohorts = Cohort.objects.select_related("academy")
    if is_regional_admin(user):
        return cohorts
    return cohorts.filter(academy__in=member_organisations(user))
