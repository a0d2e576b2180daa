"""Postcode normalising, validation and lookup: full unit first, then the district centroid."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ats.places.models import LocalAuthority, Postcode, PostcodeDistrict

# UK postcode shape (outward code + inward code), after removing spaces and upper-casing.
_POSTCODE_RE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_OUTCODE_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
INVALID_POSTCODE_MESSAGE = "Enter a real postcode, like NE1 4ST"


class PostcodeError(ValueError):
    """The text is not a postcode, or we do not know where it is."""


def normalise_postcode(value: str) -> str:
    """'ne14st ' -> 'NE1 4ST'. Raises PostcodeError if it is not shaped like a UK postcode."""
    compact = re.sub(r"\s+", "", (value or "")).upper()
    match = _POSTCODE_RE.match(compact)
    if not match:
        raise PostcodeError(INVALID_POSTCODE_MESSAGE)
    return f"{match.group(1)} {match.group(2)}"


def normalise_outcode_or_postcode(value: str) -> str:
    """Accept a full postcode or just its district (NE1). Returns the normalised form."""
    compact = re.sub(r"\s+", "", (value or "")).upper()
    if _OUTCODE_RE.match(compact):
        return compact
    return normalise_postcode(value)


@dataclass(frozen=True)
class Place:
    """Where a postcode is. `precision` is 'postcode' or 'district'."""

    query: str
    latitude: float
    longitude: float
    precision: str
    local_authority: LocalAuthority | None
    la_code: str
    council_uncertain: bool  # district split between councils and the full postcode unknown

    @property
    def in_region(self) -> bool:
        return bool(self.local_authority and self.local_authority.in_region)


def lookup(value: str) -> Place:
    """Find a postcode (or district). Raises PostcodeError with a message for the user."""
    normal = normalise_outcode_or_postcode(value)
    outcode = normal.split(" ")[0]
    if " " in normal:
        unit = Postcode.objects.filter(postcode=normal).first()
        if unit and unit.latitude is not None:
            la = LocalAuthority.objects.filter(ons_code=unit.la_code).first()
            return Place(normal, unit.latitude, unit.longitude, "postcode", la, unit.la_code, False)
    district = PostcodeDistrict.objects.select_related("local_authority").filter(outcode=outcode).first()
    if district is None or district.latitude is None:
        raise PostcodeError(f"We could not find the postcode district {outcode}. Check the postcode.")
    return Place(
        normal,
        district.latitude,
        district.longitude,
        "district",
        district.local_authority,
        district.la_code,
        district.is_split,
    )


EARTH_RADIUS_MILES = 3958.8


def distance_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in miles (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(a))
