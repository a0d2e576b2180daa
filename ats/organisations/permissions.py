"""Who sees what, as queries. Every recruiter view, export and download fetches through these:
vacancies and their pipelines, and the enquiries, referrals and courses routed to an organisation.

Regional admins (`is_regional_admin`: active superusers or members of the "Regional admins" group)
see every organisation; everyone else sees only the organisations they are a member of. Viewers
read but never change. Another organisation's object is a 404, never a 403, so ids reveal nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from ats.applications.models import Application, Enquiry
from ats.insight.models import Commissioner, TenureCheck
from ats.jobs.models import Vacancy, VacancyImport
from ats.organisations.models import Membership, Organisation
from ats.pipeline.models import CheckItem, Interview, InterviewSlot
from ats.places.models import LocalAuthority
from ats.routing.models import Cohort, Referral, RoutingDecision

REGIONAL_ADMINS_GROUP = "Regional admins"
WRITE_ROLES = frozenset({Membership.Role.ADMIN, Membership.Role.RECRUITER, Membership.Role.COORDINATOR})


def is_regional_admin(user) -> bool:
    """The one definition, for the portal, routing and everything else: an active superuser or a
    member of the "Regional admins" group. A Django model permission (such as
    `ats.view_routingdecision`, given to CMS editors for admin screens) never makes anyone one."""
    if not user.is_authenticated or not user.is_active:
        return False
    if not hasattr(user, "_is_regional_admin"):
        user._is_regional_admin = user.is_superuser or user.groups.filter(name=REGIONAL_ADMINS_GROUP).exists()
    return user._is_regional_admin


def roles_for(user) -> dict[int, str]:
    """{organisation id: role} for the user's memberships, memoised on the user object."""
    if not user.is_authenticated or not user.is_active:
        return {}
    if not hasattr(user, "_organisation_roles"):
        user._organisation_roles = dict(
            Membership.objects.filter(user=user).values_list("organisation_id", "role")
        )
    return user._organisation_roles


def is_staff_member(user) -> bool:
    """Anyone who works in the portal or the CMS; they must use multi-factor sign-in."""
    return user.is_authenticated and (
        user.is_staff or bool(roles_for(user)) or is_regional_admin(user) or is_commissioner(user)
    )


def is_commissioner(user) -> bool:
    """A council commissioner (ats.insight.models.Commissioner): aggregate council figures only."""
    if not user.is_authenticated or not user.is_active:
        return False
    return Commissioner.objects.filter(user=user).exists()


def councils_for(user) -> QuerySet[LocalAuthority]:
    """Councils whose aggregate figures the user may read: every campaign council for regional
    admins, their own for commissioners, none for anyone else (organisation members included)."""
    councils = LocalAuthority.objects.filter(in_region=True).order_by("name")
    if is_regional_admin(user):
        return councils
    if not user.is_authenticated or not user.is_active:
        return councils.none()
    return councils.filter(commissioners__user=user)


def can_use_portal(user) -> bool:
    return is_regional_admin(user) or bool(roles_for(user))


def can_edit(user, organisation_id: int) -> bool:
    return is_regional_admin(user) or roles_for(user).get(organisation_id) in WRITE_ROLES


def is_organisation_admin(user, organisation_id: int) -> bool:
    return is_regional_admin(user) or roles_for(user).get(organisation_id) == Membership.Role.ADMIN


def organisations_for(user) -> QuerySet[Organisation]:
    if is_regional_admin(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=list(roles_for(user)))


def editable_organisations_for(user) -> QuerySet[Organisation]:
    if is_regional_admin(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(
        pk__in=[pk for pk, role in roles_for(user).items() if role in WRITE_ROLES]
    )


def vacancies_for(user) -> QuerySet[Vacancy]:
    if is_regional_admin(user):
        return Vacancy.objects.all()
    return Vacancy.objects.filter(organisation_id__in=list(roles_for(user)))


def vacancy_imports_for(user) -> QuerySet[VacancyImport]:
    """Import jobs (uploaded CSVs) of the user's organisations (all of them for regional admins)."""
    return VacancyImport.objects.filter(organisation__in=organisations_for(user))


def applications_for(user) -> QuerySet[Application]:
    if is_regional_admin(user):
        return Application.objects.all()
    return Application.objects.filter(vacancy__organisation_id__in=list(roles_for(user)))


def slots_for(user) -> QuerySet[InterviewSlot]:
    return InterviewSlot.objects.filter(vacancy__in=vacancies_for(user))


def interviews_for(user) -> QuerySet[Interview]:
    return Interview.objects.filter(application__in=applications_for(user))


def checks_for(user) -> QuerySet[CheckItem]:
    return CheckItem.objects.filter(application__in=applications_for(user))


def tenure_checks_for(user) -> QuerySet[TenureCheck]:
    """ "Still in post?" questions about people hired by the user's organisations."""
    return TenureCheck.objects.filter(start__application__in=applications_for(user))


def organisation_id_of(obj: Model) -> int:
    if isinstance(obj, Organisation):
        return obj.pk
    if isinstance(obj, Vacancy):
        return obj.organisation_id
    if isinstance(obj, Application):
        return obj.vacancy.organisation_id
    if isinstance(obj, InterviewSlot):
        return obj.vacancy.organisation_id
    if isinstance(obj, Interview | CheckItem):
        return obj.application.vacancy.organisation_id
    if isinstance(obj, TenureCheck):
        return obj.start.application.vacancy.organisation_id
    raise TypeError(f"No organisation for {type(obj).__name__}")


def get_for_user(queryset: QuerySet, user, *, write: bool = False, **lookup):
    """Fetch one object from a scoped queryset (`vacancies_for(user)` and friends).

    Not in scope: 404. In scope but the user may only read and `write` is asked: 403."""
    try:
        obj = queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Not found") from exc
    if write and not can_edit(user, organisation_id_of(obj)):
        raise PermissionDenied("You can view this, but your role does not let you change it.")
    return obj


# Enquiries, referrals and academy courses (issue 6). A member sees what is routed to their
# organisations now (current decisions only) and referrals to or from them.


def routing_decisions_for(user) -> QuerySet[RoutingDecision]:
    decisions = RoutingDecision.objects.select_related("destination", "enquiry", "application", "rule")
    if is_regional_admin(user):
        return decisions
    return decisions.filter(destination_id__in=list(roles_for(user)), superseded_at=None)


def referrals_for(user) -> QuerySet[Referral]:
    referrals = Referral.objects.select_related("from_org", "to_org", "vacancy")
    if is_regional_admin(user):
        return referrals
    organisation_ids = list(roles_for(user))
    return referrals.filter(Q(to_org_id__in=organisation_ids) | Q(from_org_id__in=organisation_ids))


def enquiries_for(user) -> QuerySet[Enquiry]:
    if is_regional_admin(user):
        return Enquiry.objects.all()
    organisation_ids = list(roles_for(user))
    routed = RoutingDecision.objects.filter(destination_id__in=organisation_ids, superseded_at=None)
    referred = Referral.objects.filter(to_org_id__in=organisation_ids)
    return Enquiry.objects.filter(
        Q(pk__in=routed.values("enquiry_id")) | Q(pk__in=referred.values("enquiry_id"))
    )


def cohorts_for(user) -> QuerySet[Cohort]:
    cohorts = Cohort.objects.select_related("academy")
    if is_regional_admin(user):
        return cohorts
    return cohorts.filter(academy_id__in=list(roles_for(user)))
