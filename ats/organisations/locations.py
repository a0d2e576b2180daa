"""Places of work: fill in the position and council from the postcode."""

from __future__ import annotations

from ats.jobs.models import Vacancy
from ats.jobs.vacancies import refresh_vacancies
from ats.organisations.models import Location
from ats.places.postcodes import PostcodeError, lookup, normalise_outcode_or_postcode


def locate(location: Location) -> Location:
    """Normalise the postcode and, where the position or council is missing, look them up.
    Refreshes the vacancies at this location so search uses the new position."""
    if location.postcode:
        try:
            location.postcode = normalise_outcode_or_postcode(location.postcode)
            place = lookup(location.postcode)
        except PostcodeError:
            place = None
        if place is not None:
            if location.latitude is None or location.longitude is None:
                location.latitude, location.longitude = place.latitude, place.longitude
            if location.local_authority_id is None and place.local_authority is not None:
                location.local_authority = place.local_authority
    location.save()
    refresh_vacancies(Vacancy.objects.filter(locations=location).values_list("pk", flat=True))
    return location
