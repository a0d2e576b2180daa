"""Loading councils, districts, postcodes, trusts and AfC pay from the open data files."""

from decimal import Decimal

import pytest

from django.core.management import call_command

from ats.models import AfcPayPoint, LocalAuthority, Organisation, Postcode, PostcodeDistrict
from ats.places.postcodes import PostcodeError, lookup, normalise_postcode
from tests.reference_files import copy_reference_data


@pytest.fixture
def small_data(tmp_path):
    """A copy of the real files with the postcode file cut to two districts."""
    return copy_reference_data(
        tmp_path,
        ["councils", "ne_districts", "gb_districts", "trusts", "afc", "afc_unsocial"],
        postcodes=lambda postcode: postcode.startswith(("NE1 ", "DH3 ")),
    )


def test_loader_creates_the_twelve_north_east_councils_and_is_idempotent(db, small_data):
    call_command("load_reference_data", dir=str(small_data))
    call_command("load_reference_data", dir=str(small_data))

    region = LocalAuthority.objects.filter(in_region=True)
    assert region.count() == 12
    assert set(region.values_list("ons_code", flat=True)) >= {"E06000057", "E08000037", "E06000004"}
    assert LocalAuthority.objects.get(ons_code="E06000063").in_region is False  # Cumberland
    assert Postcode.objects.filter(postcode__startswith="NE1 ").exists()
    assert PostcodeDistrict.objects.count() > 2800


def test_loader_brings_open_nhs_trusts_and_afc_pay(db, small_data):
    call_command("load_reference_data", dir=str(small_data))

    trusts = Organisation.objects.filter(kind=Organisation.Kind.NHS_TRUST)
    assert trusts.filter(ods_code="RTF", name="Northumbria Healthcare NHS Foundation Trust").exists()
    assert not trusts.filter(ods_code="RLN").exists()  # closed trust left out
    band3 = AfcPayPoint.objects.get(financial_year="2025/26", band="3", point="entry")
    assert band3.annual_salary == Decimal("24937")
    assert band3.source


def test_full_postcode_is_found_first_then_district(db, small_data):
    call_command("load_reference_data", dir=str(small_data))
    unit = Postcode.objects.filter(postcode__startswith="NE1 ").exclude(latitude=None).first()

    place = lookup(unit.postcode.replace(" ", "").lower())
    assert place.precision == "postcode"
    assert place.local_authority.name == "Newcastle upon Tyne"

    district_only = lookup("NE1 9ZZ")  # not a real unit: falls back to the district centroid
    assert district_only.precision == "district"
    assert district_only.local_authority.name == "Newcastle upon Tyne"


def test_split_district_asks_the_user_to_confirm_their_council(db, small_data):
    call_command("load_reference_data", dir=str(small_data), no_postcodes=True)

    place = lookup("DH3 9ZZ")  # DH3: County Durham 0.54 / Gateshead 0.45

    assert place.council_uncertain is True


def test_builtin_set_loads_without_data_files(db, tmp_path):
    call_command("load_reference_data", dir=str(tmp_path))

    assert LocalAuthority.objects.filter(in_region=True).count() == 12
    assert lookup("NE1").local_authority.name == "Newcastle upon Tyne"


def test_missing_folder_is_a_clear_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="is not a folder"):
        call_command("load_reference_data", dir="/nonexistent/folder")


@pytest.mark.parametrize("text", ["", "NE1", "hello", "NE1 4S", "'; DROP TABLE--", "N" * 5000])
def test_nonsense_postcodes_are_refused_with_the_example(text):
    with pytest.raises(PostcodeError, match="Enter a real postcode, like NE1 4ST"):
        normalise_postcode(text)


def test_postcodes_are_normalised():
    assert normalise_postcode(" ne14st ") == "NE1 4ST"
    assert normalise_postcode("sr1 3sd") == "SR1 3SD"
