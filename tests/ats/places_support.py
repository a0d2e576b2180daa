"""Helpers for tests about where jobs are: real postcodes from the loaded reference data, employer
sites placed at them, and the job titles a results page lists."""

import re

from ats.models import Postcode
from ats.places.postcodes import lookup
from tests.factories import LocationFactory


def a_postcode(prefix: str) -> str:
    return Postcode.objects.filter(postcode__startswith=prefix).exclude(latitude=None).first().postcode


def site(organisation, postcode: str, name: str):
    """An employer's site at a real postcode, placed and given its council as the admin does."""
    place = lookup(postcode)
    return LocationFactory(
        organisation=organisation,
        name=name,
        postcode=postcode,
        latitude=place.latitude,
        longitude=place.longitude,
        local_authority=place.local_authority,
    )


def job_titles(html: str) -> list[str]:
    return re.findall(r'class="job-card__title"><a href="[^"]+">([^<]+)</a>', html)
