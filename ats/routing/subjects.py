"""Who is being routed: the answers, place and council of an enquiry or a new-to-care applicant, as one
Subject the rules can read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists

from ats.applications.models import Application, Enquiry
from ats.organisations.models import Membership, Organisation
from ats.places.models import LocalAuthority, Postcode, PostcodeDistrict
from ats.places.postcodes import PostcodeError, lookup
from ats.routing.models import RoutingRule

EMPLOYER_KINDS = [
    Organisation.Kind.PROVIDER,
    Organisation.Kind.VOLUNTARY,
    Organisation.Kind.COUNCIL_SERVICE,
]
NOTIFY_ROLES = [Membership.Role.ADMIN, Membership.Role.RECRUITER, Membership.Role.COORDINATOR]
EXPERIENCE_WORDS = {
    "none": "new to care",
    "some": "has some care experience",
    "experienced": "experienced in care",
}


@dataclass(frozen=True)
class Subject:
    """What routing needs to know about a person, however they reached us."""

    postcode: str
    latitude: float | None
    longitude: float | None
    council: LocalAuthority | None
    # The council is not really known: only the postcode district is (the full postcode is not in
    # the reference data, or was not given) and that district is split between councils.
    # None: not looked up yet (only "council not known" rules need it).
    council_uncertain: bool | None = None
    interests: frozenset[str] = frozenset()
    experience: str = "none"
    hours_wanted: int | None = None
    driving: bool = False
    max_travel_miles: int | None = None
    nhs_interest: bool = False
    over_18: bool = True
    age_known: bool = True  # False: a profile whose eligibility questions are not answered yet

    @property
    def in_region(self) -> bool:
        return bool(self.council and self.council.in_region)

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass
class Candidate:
    organisation_id: int
    name: str
    distance: float | None


@dataclass
class Plan:
    rule: RoutingRule | None  # None: the person chose the destination themselves
    destination: Organisation
    distance_miles: float | None
    reason: str
    trace: list[str] = field(default_factory=list)
    capacity: int | None = None  # the destination's weekly limit (None: no limit)


# --- Subjects -------------------------------------------------------------------------------------


# A postcode district with at least this share of its postcodes in other councils is split.
BORDER_OTHER_SHARE = 0.1


def _outcode(postcode: str) -> str:
    return (postcode or "").strip().upper().split(" ")[0]


def _split_districts():
    return PostcodeDistrict.objects.filter(la_share__lte=1 - BORDER_OTHER_SHARE)


def _known_units(postcodes: Iterable[str]):
    """Full postcodes in the reference data with a position: each names its council."""
    return Postcode.objects.filter(postcode__in=list(postcodes), latitude__isnull=False)


def _council_uncertain(postcode: str) -> bool:
    """Only the district of this postcode is known, and the district is split between councils
    (one query). A full postcode in the reference data names its council, border or not."""
    normal = (postcode or "").strip().upper()
    return (
        _split_districts().filter(outcode=_outcode(normal)).filter(~Exists(_known_units([normal]))).exists()
    )


def subject_from_answers(
    postcode: str,
    *,
    interests: Iterable[str] = (),
    experience: str = "none",
    hours_wanted: int | None = None,
    driving: bool = False,
    max_travel_miles: int | None = None,
    nhs_interest: bool = False,
    over_18: bool = True,
) -> Subject:
    """A subject from a postcode and answers (the "try it" screen). Raises PostcodeError."""
    place = lookup(postcode)
    return Subject(
        postcode=place.query,
        latitude=place.latitude,
        longitude=place.longitude,
        council=place.local_authority,
        council_uncertain=place.precision == "district" and _council_uncertain(place.query),
        interests=frozenset(interests),
        experience=experience or "none",
        hours_wanted=hours_wanted,
        driving=driving,
        max_travel_miles=max_travel_miles,
        nhs_interest=nhs_interest,
        over_18=over_18,
    )


def subject_for_enquiry(enquiry: Enquiry, *, uncertain: set[str] | None = None) -> Subject:
    """`uncertain`: the postcodes (of a batch) whose council is not known, if already worked out."""
    latitude, longitude, council = enquiry.latitude, enquiry.longitude, enquiry.local_authority
    if latitude is None or council is None:
        try:
            place = lookup(enquiry.postcode)
        except PostcodeError:
            place = None
        if place is not None:
            latitude, longitude = place.latitude, place.longitude
            council = council or place.local_authority
    return Subject(
        postcode=enquiry.postcode,
        latitude=latitude,
        longitude=longitude,
        council=council,
        council_uncertain=(enquiry.postcode in uncertain if uncertain is not None else None),
        interests=frozenset(str(item) for item in enquiry.interests or []),
        experience=enquiry.experience or "none",
        hours_wanted=enquiry.hours_wanted,
        driving=enquiry.driving,
        max_travel_miles=enquiry.max_travel_miles,
        nhs_interest=enquiry.nhs_interest,
        over_18=enquiry.over_18,
    )


def subject_for_application(application: Application) -> Subject | None:
    profile = getattr(application.candidate, "candidate_profile", None) if application.candidate else None
    if profile is None:
        return None
    vacancy = application.vacancy
    interests = {*profile.care_settings, vacancy.setting}
    interests.update(profile.roles.values_list("slug", flat=True))
    if vacancy.role_id:
        interests.add(vacancy.role.slug)
    return Subject(
        postcode=profile.postcode,
        latitude=profile.latitude,
        longitude=profile.longitude,
        council=profile.local_authority,
        council_uncertain=None,
        interests=frozenset(interests),
        experience=profile.experience or "none",
        hours_wanted=profile.hours_wanted,
        driving=profile.driving_licence,
        max_travel_miles=None,
        nhs_interest=bool(vacancy.afc_band),
        over_18=profile.over_18,
        # The eligibility questions are answered together (right to work is then never blank):
        # before that, over_18 is only the field's default, not a "no".
        age_known=profile.over_18 or bool(profile.right_to_work),
    )
