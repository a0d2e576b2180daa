"""What the campaign site holds about a person (event registrations), registered with the ATS's
privacy service in CampaignConfig.ready(): exported by "Download my data", erased with the account,
listed on the jobseeker's dashboard. Retention: campaign.tasks.purge_event_registrations."""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from ats.privacy.registry import Addresses, Holder
from campaign.models import EventRegistration


def registrations_of(addresses: Addresses) -> QuerySet[EventRegistration]:
    return EventRegistration.objects.annotate(address=Lower("email")).filter(address__in=addresses)


def export(addresses: Addresses) -> list[dict]:
    return [
        {
            "event": registration.event.title,
            "starts_at": registration.event.start,
            "name": registration.name,
            "email": registration.email,
            "phone": registration.phone,
            "access_needs": registration.access_needs,
            "registered_at": registration.created_at,
            "campaign_attribution": registration.attribution,
        }
        for registration in registrations_of(addresses).select_related("event").order_by("created_at")
    ]


def erase(addresses: Addresses) -> None:
    """Registrations for events still to come are cancelled (the place is freed, no reminder is
    sent); those for past events keep their row, without the name, email or phone, for the
    events' attendance and campaign figures (and without the access needs the person told us)."""
    registrations = registrations_of(addresses)
    registrations.filter(event__end__gte=timezone.now()).delete()
    for registration in registrations:
        registration.name = "Erased"
        registration.email = f"erased-{registration.pk}@invalid.example"
        registration.phone = ""
        registration.access_needs = ""
        registration.save(update_fields=["name", "email", "phone", "access_needs"])


def upcoming(addresses: Addresses) -> QuerySet[EventRegistration]:
    """Registrations for live events that have not ended, soonest first."""
    return (
        registrations_of(addresses)
        .filter(event__live=True, event__end__gte=timezone.now())
        .select_related("event")
        .order_by("event__start")
    )


EVENT_REGISTRATIONS = Holder(key="event_registrations", export=export, erase=erase, dashboard=upcoming)
