"""The portal's home: open vacancies with counts per stage, new applications, overdue actions,
upcoming interviews."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from ats.applications.candidates_view import candidate_card
from ats.jobs.models import Vacancy
from ats.organisations.permissions import (
    applications_for,
    checks_for,
    interviews_for,
    is_regional_admin,
    organisations_for,
    referrals_for,
    routing_decisions_for,
    vacancies_for,
)
from ats.organisations.views.common import portal_view
from ats.pipeline.models import CheckItem, Interview
from ats.pipeline.status import OPEN_STAGES, Stage

UNREAD_AFTER_DAYS = 5
OPEN_VACANCY_STATUSES = (Vacancy.Status.DRAFT, Vacancy.Status.PENDING, Vacancy.Status.LIVE)


def stage_counts():
    """Count(...) per open stage, for annotating vacancies in one aggregated query."""
    return {f"n_{stage}": Count("applications", filter=Q(applications__stage=stage)) for stage in OPEN_STAGES}


@portal_view
def dashboard(request):
    user = request.user
    now = timezone.now()
    vacancies = list(
        vacancies_for(user)
        .filter(status__in=OPEN_VACANCY_STATUSES)
        .select_related("organisation")
        .annotate(**stage_counts())
        .order_by("status", "closing_date", "title")[:50]
    )
    for vacancy in vacancies:
        vacancy.stage_counts = [(Stage(s).label, getattr(vacancy, f"n_{s}")) for s in OPEN_STAGES]
    new_applications = list(
        applications_for(user)
        .filter(stage=Stage.APPLIED)
        .select_related("vacancy__organisation")
        .order_by("-applied_at")[:10]
    )
    unread = list(
        applications_for(user)
        .filter(stage=Stage.APPLIED, applied_at__lt=now - timedelta(days=UNREAD_AFTER_DAYS))
        .select_related("vacancy__organisation")
        .order_by("applied_at")[:10]
    )
    overdue_checks = list(
        checks_for(user)
        .filter(
            status=CheckItem.Status.OUTSTANDING,
            due_date__lt=timezone.localdate(),
            application__stage__in=OPEN_STAGES,
        )
        .select_related("application__vacancy__organisation")
        .order_by("due_date")[:10]
    )
    upcoming = list(
        interviews_for(user)
        .filter(
            status=Interview.Status.BOOKED,
            slot__starts_at__gte=now,
            slot__starts_at__lte=now + timedelta(days=14),
        )
        .select_related("slot", "application__vacancy__organisation")
        .order_by("slot__starts_at")[:10]
    )
    decisions = routing_decisions_for(user).filter(superseded_at=None)
    referrals = referrals_for(user)
    if not is_regional_admin(user):
        referrals = referrals.filter(to_org__in=organisations_for(user))
    return render(
        request,
        "ats/recruit/dashboard.html",
        {
            "enquiries_routed": decisions.count(),
            "enquiries_waiting": decisions.filter(acknowledged_at=None).count(),
            "referrals_received": referrals.count(),
            "vacancies": vacancies,
            "new_applications": [(a, candidate_card(a)) for a in new_applications],
            "unread": [(a, candidate_card(a)) for a in unread],
            "overdue_checks": [(c, candidate_card(c.application)) for c in overdue_checks],
            "upcoming": [(i, candidate_card(i.application)) for i in upcoming],
            "organisations": organisations_for(user)[:20] if not is_regional_admin(user) else [],
            "regional_admin": is_regional_admin(user),
            "pending_count": Vacancy.objects.filter(status=Vacancy.Status.PENDING).count()
            if is_regional_admin(user)
            else 0,
            "unread_days": UNREAD_AFTER_DAYS,
        },
    )
