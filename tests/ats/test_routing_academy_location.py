"""An academy's distance is measured from its own location, falling back to its council's centroid.
Real postcodes from the reference data (ats/data/reference/ne_postcodes.csv.gz)."""

from ats.models import Organisation
from ats.places.postcodes import distance_miles, lookup
from ats.routing.services import route_enquiry
from tests.ats.routing_support import geography_fixture  # noqa: F401
from tests.ats.test_routing_rules import enquiry_at
from tests.factories import LocationFactory


def place_academy(name: str, postcode: str, *, with_position: bool = True):
    academy = Organisation.objects.get(name=name)
    place = lookup(postcode)
    LocationFactory(
        organisation=academy,
        postcode=place.query,
        latitude=place.latitude if with_position else None,
        longitude=place.longitude if with_position else None,
    )
    return academy, place


def test_border_enquiry_goes_to_the_academy_whose_own_site_is_nearest(geography):
    # Only the district DH3 is known (its council is not): its centre is nearer Sunderland's
    # centroid than County Durham's (tested in test_routing_rules); the County Durham academy
    # working from Chester-le-Street is nearer still.
    academy, site = place_academy("County Durham Care Academy", geography["chester_le_street"])
    person = lookup("DH3")

    decision = route_enquiry(enquiry_at("DH3"))

    assert decision.destination == academy
    expected = distance_miles(person.latitude, person.longitude, site.latitude, site.longitude)
    assert decision.distance_miles == expected
    assert f"{expected:.1f} miles away" in decision.reason


def test_a_location_with_only_a_postcode_is_placed_by_the_postcode(geography):
    academy, _ = place_academy(
        "County Durham Care Academy", geography["chester_le_street"], with_position=False
    )

    assert route_enquiry(enquiry_at("DH3")).destination == academy


def test_home_academy_distance_is_from_its_site(geography):
    _, site = place_academy("Northumberland Care Academy", geography["morpeth"])
    person = lookup(geography["morpeth"])

    decision = route_enquiry(enquiry_at(geography["morpeth"]))

    assert decision.destination.name == "Northumberland Care Academy"
    assert decision.distance_miles == distance_miles(
        person.latitude, person.longitude, site.latitude, site.longitude
    )
    assert decision.distance_miles < 0.1


def test_an_academy_without_a_location_is_measured_from_its_council_centroid(geography):
    council = lookup(geography["sunderland"]).local_authority
    person = lookup(geography["sunderland"])

    decision = route_enquiry(enquiry_at(geography["sunderland"]))

    assert decision.destination.name == "Sunderland Care Academy"
    assert decision.distance_miles == distance_miles(
        person.latitude, person.longitude, council.latitude, council.longitude
    )
