"""What a jobseeker's dashboard shows. One query per section, however many rows (tested)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.urls import reverse

from ats.alerts.models import JobAlert
from ats.alerts.subscriptions import SALT_UNSUBSCRIBE, make_token
from ats.applications.models import Application, CandidateMessage
from ats.pipeline.interviews import candidates_open_interviews
from ats.pipeline.models import Offer
from ats.pipeline.status import Stage
from ats.privacy import registry

DASHBOARD_MESSAGES = 5


def verified_emails(user) -> QuerySet:
    """The user's verified addresses, lower-cased, as a subquery."""
    from allauth.account.models import EmailAddress

    return (
        EmailAddress.objects.filter(user=user, verified=True)
        .annotate(address=Lower("email"))
        .values("address")
    )


def messages_for(user) -> QuerySet[CandidateMessage]:
    """Messages from employers about the user's own applications, newest first."""
    return CandidateMessage.objects.filter(application__candidate=user).select_related(
        "application__vacancy__organisation"
    )


def open_offers(user) -> QuerySet[Offer]:
    return Offer.objects.filter(
        application__candidate=user,
        status=Offer.Status.MADE,
        application__stage__in=[Stage.OFFER, Stage.CHECKS],
    ).select_related("application__vacancy__organisation")


@dataclass(frozen=True)
class AlertRow:
    alert: JobAlert
    unsubscribe_url: str


def alerts_for(user) -> list[AlertRow]:
    """The user's job alerts that are not unsubscribed: made while signed in, or to one of their
    verified addresses. Each with its one-click unsubscribe link (the same page as in the emails)."""
    alerts = JobAlert.objects.annotate(address=Lower("email")).filter(
        Q(user=user) | Q(user=None, address__in=verified_emails(user)), unsubscribed_at=None
    )
    return [
        AlertRow(alert, reverse("jobs:alert-unsubscribe", args=[make_token(alert, SALT_UNSUBSCRIBE)]))
        for alert in alerts
    ]


def dashboard_context(user) -> dict:
    applications = (
        Application.objects.filter(candidate=user)
        .select_related("vacancy", "vacancy__organisation")
        .order_by("-applied_at")
    )
    messages = list(messages_for(user)[: DASHBOARD_MESSAGES + 1])
    return {
        "applications": applications,
        "interviews": candidates_open_interviews(user),
        "open_offers": open_offers(user),
        "employer_messages": messages[:DASHBOARD_MESSAGES],
        "more_messages": len(messages) > DASHBOARD_MESSAGES,
        "unread_count": messages_for(user).filter(read_at=None).count(),
        "alerts": alerts_for(user),
        # what other apps hold about the person (campaign: their event registrations)
        **{
            holder.key: holder.dashboard(verified_emails(user))
            for holder in registry.holders()
            if holder.dashboard is not None
        },
    }
