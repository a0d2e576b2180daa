"""Routing tasks: route after the enquiry commits, and the service-level sweep."""

from __future__ import annotations

from celery import shared_task

from ats.applications.models import Enquiry
from ats.routing.services import route_enquiry
from ats.routing.services import send_routing_reminders as sweep


@shared_task(name="ats.route_enquiry", acks_late=True)
def route_enquiry_task(enquiry_id: int) -> int | None:
    """Route one enquiry (idempotent: an already routed enquiry keeps its decision)."""

    enquiry = Enquiry.objects.filter(pk=enquiry_id).first()
    decision = route_enquiry(enquiry) if enquiry else None
    return decision.pk if decision else None


@shared_task(name="ats.send_routing_reminders")
def send_routing_reminders() -> dict[str, int]:
    """Beat: remind, then re-route, decisions not acknowledged within the working days allowed."""

    return sweep()
