"""'Not sure where to start?' enquiries: store with attribution, acknowledge, hand to routing."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from ats.models import ConsentRecord, Enquiry, Organisation
from ats.services.postcodes import PostcodeError, lookup
from cms.email import queue_email

logger = logging.getLogger(__name__)


def _route_after_commit(enquiry: Enquiry, destination: Organisation | None = None) -> None:
    try:
        from ats.services.routing import route_enquiry, route_enquiry_to
    except ImportError:  # routing arrives with its own issue
        return

    def _route() -> None:
        try:
            if destination is not None:
                route_enquiry_to(
                    enquiry, destination, reason=f"They registered interest on the {destination.name} page."
                )
            else:
                route_enquiry(enquiry)
        except Exception:  # routing problems must not lose the enquiry; it stays unrouted
            logger.exception("Routing enquiry %s failed", enquiry.pk)

    transaction.on_commit(_route)


def submit_enquiry(
    data: dict,
    *,
    user=None,
    attribution: dict,
    consent_wording: str,
    destination: Organisation | None = None,
) -> Enquiry:
    """Create the enquiry from cleaned form data, record consent, acknowledge by email.

    `destination`: the organisation the person asked to hear from (an academy's register-interest
    form); the enquiry goes there instead of through the routing rules."""
    try:
        place = lookup(data["postcode"])
    except PostcodeError:
        place = None
    with transaction.atomic():
        enquiry = Enquiry.objects.create(
            user=user if user is not None and user.is_authenticated else None,
            name=data["name"],
            email=data["email"].lower(),
            phone=data.get("phone", ""),
            postcode=data["postcode"],
            latitude=place.latitude if place else None,
            longitude=place.longitude if place else None,
            local_authority=place.local_authority if place else None,
            interests=list(data.get("interests") or []),
            nhs_interest="nhs" in (data.get("interests") or []),
            experience=data.get("experience", ""),
            availability=list(data.get("availability") or []),
            driving=data.get("driving") == "yes",
            over_18=data.get("over_18") == "yes",
            message=data.get("message", ""),
            consent_at=timezone.now(),
            attribution=attribution,
        )
        ConsentRecord.objects.create(
            user=enquiry.user, purpose=ConsentRecord.Purpose.ENQUIRY, wording=consent_wording, enquiry=enquiry
        )
        if data.get("referral_consent"):
            from ats.services.academy import REFERRAL_CONSENT

            ConsentRecord.objects.create(
                user=enquiry.user,
                purpose=ConsentRecord.Purpose.REFERRAL,
                wording=REFERRAL_CONSENT,
                enquiry=enquiry,
            )
        queue_email(
            enquiry.email, "emails/enquiry_received", {"enquiry": enquiry, "destination": destination}
        )
        _route_after_commit(enquiry, destination)
    return enquiry
