"""Shared set-up for the routing tests: the real councils and districts, a handful of real
postcodes (border ones included), the 12 academies and the default rules."""

import io

import pytest

from ats.demo import seed_routing
from ats.models import LocalAuthority, Organisation
from ats.places.reference_data import load_all
from tests.reference_files import copy_reference_data

# Real postcodes from ne_postcodes.csv (OS Code-Point Open 2025.4.0).
POSTCODES = {
    "newcastle": "NE1 1AD",  # Newcastle upon Tyne, district wholly in Newcastle
    "sunderland": "SR1 1AA",
    "dh3_gateshead": "DH3 1AA",  # DH3: County Durham 0.54 / Gateshead 0.45
    "dh3_durham": "DH3 2AA",
    "ne13_north_tyneside": "NE13 6AA",  # NE13: Newcastle 0.62 / North Tyneside 0.35 / Northumberland
    "ts21_stockton": "TS21 1AA",  # TS21: County Durham 0.56 / Stockton
    "ts21_durham": "TS21 1NF",
    "dl2_darlington": "DL2 1AA",  # DL2: Darlington 0.64 / County Durham / North Yorkshire
    "dl2_durham": "DL2 2UJ",
    "carlisle": "CA1 1AA",  # Cumberland: outside the North East campaign
    "north_yorkshire": "DL8 1AA",  # North Yorkshire: outside
    "chester_le_street": "DH3 3AA",  # County Durham, at the north edge of the county
    "morpeth": "NE61 1AA",  # Northumberland's county town
}


@pytest.fixture(name="geography")
def geography_fixture(db, tmp_path):
    """Real councils, every district, the postcodes above; one academy per council; default rules."""
    wanted = {*POSTCODES.values()}
    copy_reference_data(
        tmp_path, ["councils", "ne_districts", "gb_districts", "trusts"], postcodes=wanted.__contains__
    )
    load_all(tmp_path)
    for la in LocalAuthority.objects.filter(in_region=True):
        Organisation.objects.create(
            kind=Organisation.Kind.ACADEMY, local_authority=la, name=f"{la.name} Care Academy", slug=la.slug
        )
    seed_routing(io.StringIO())
    return POSTCODES
