"""'Not sure where to start?' enquiries: store with attribution, acknowledge, hand to routing."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import transaction
from django.utils import timezone

from ats.applications.models import ConsentRecord, Enquiry
from ats.organisations.models import Organisation
from ats.places.postcodes import PostcodeError, lookup
from ats.routing.academy import REFERRAL_CONSENT
from ats.routing.services import route_enquiry, route_enquiry_to
from cms.email import queue_email

logger = logging.getLogger(__name__)


def _route_after_commit(enquiry: Enquiry, destination: Organisation | None = None) -> None:
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
            **({"max_travel_miles": data["max_travel_miles"]} if data.get("max_travel_miles") else {}),
            over_18=data.get("over_18") == "yes",
            message=data.get("message", ""),
            consent_at=timezone.now(),
            attribution=attribution,
        )
        ConsentRecord.objects.create(
            user=enquiry.user, purpose=ConsentRecord.Purpose.ENQUIRY, wording=consent_wording, enquiry=enquiry
        )
        if data.get("referral_consent"):
            ConsentRecord.objects.create(
                user=enquiry.user,
                purpose=ConsentRecord.Purpose.REFERRAL,
                wording=REFERRAL_CONSENT,
                enquiry=enquiry,
            )
        queue_email(
            enquiry.email,
            "emails/enquiry_received",
            {
                "enquiry": enquiry,
                "destination": destination,
                "outside_region": place is not None and not place.in_region,
                # Named only when the full postcode names it (not a district split between councils).
                "council": place.local_authority if place and place.precision == "postcode" else None,
                "jobs_query": jobs_query(enquiry),
            },
        )
        _route_after_commit(enquiry, destination)
    return enquiry


def jobs_query(enquiry: Enquiry) -> str:
    """The job search's query string for jobs within the distance the person said they would travel
    (each of the form's travel answers is one of the search's radii)."""
    return urlencode({"postcode": enquiry.postcode, "radius": enquiry.max_travel_miles})


@dataclass(frozen=True)
class EnquiryOutcome:
    """What the person is told on the confirmation page: where their enquiry went, in plain words."""

    enquiry: Enquiry
    outside_region: bool
    destination: Organisation | None
    own_council_academy: bool  # the destination is the care academy of the person's own council
    distance_miles: float | None
    beyond_travel: bool  # further than the person said they would travel
    jobs_query: str


def enquiry_outcome(enquiry: Enquiry) -> EnquiryOutcome:
    """Where the enquiry stands now (routing runs as soon as it is saved)."""
    decision = (
        enquiry.routing_decisions.filter(superseded_at=None)
        .select_related("destination")
        .order_by("-decided_at", "-pk")
        .first()
    )
    council = enquiry.local_authority
    destination = decision.destination if decision else None
    miles = decision.distance_miles if decision else None
    return EnquiryOutcome(
        enquiry=enquiry,
        outside_region=enquiry.latitude is not None and not (council and council.in_region),
        destination=destination,
        own_council_academy=bool(
            destination
            and destination.kind == Organisation.Kind.ACADEMY
            and council
            and destination.local_authority_id == council.pk
        ),
        distance_miles=miles,
        beyond_travel=miles is not None and miles > enquiry.max_travel_miles,
        jobs_query=jobs_query(enquiry),
    )
