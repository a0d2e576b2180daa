"""The reference data ships with the code: the loader reads the extract in ats/data/reference/ by
default (no folder beside the checkout needed), the extract is small and says where it comes from,
and rebuilding it from itself changes nothing (the same rows, columns and bytes)."""

import io

from django.core.management import call_command

from ats.models import AfcPayPoint, LocalAuthority, Organisation, Postcode, PostcodeDistrict
from ats.places.postcodes import lookup
from ats.places.reference_data import SHIPPED_DIR

ATTRIBUTION = [
    "Contains OS data © Crown copyright and database right 2025",
    "Contains Royal Mail data © Royal Mail copyright and database right 2025",
    "Contains National Statistics data © Crown copyright and database right 2025",
]


def test_load_reference_data_reads_the_shipped_extract_by_default(db, settings):
    settings.REFERENCE_DATA_DIR = SHIPPED_DIR  # the default when REFERENCE_DATA_DIR is not set
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)

    assert "postcodes: 78,504" in out.getvalue()
    assert Postcode.objects.count() == 78_504
    assert PostcodeDistrict.objects.count() == 2_873
    assert LocalAuthority.objects.filter(in_region=True).count() == 12
    assert Organisation.objects.filter(kind="nhs_trust", ods_code="RTF").exists()
    assert AfcPayPoint.objects.filter(financial_year="2025/26").count() == 24
    place = lookup("NE63 9JJ")  # a full postcode: its own position and council
    assert place.precision == "postcode" and place.local_authority.name == "Northumberland"
    border = lookup("DL2 2UJ")  # a border district is shipped whole: this one is County Durham's
    assert border.precision == "postcode" and border.local_authority.name == "County Durham"
    outside = lookup("CA1 1AA")  # Cumbria: its district says where and whose it is
    assert outside.precision == "district" and not outside.in_region


def test_the_extract_is_small_and_credits_its_sources():
    size = sum(path.stat().st_size for path in SHIPPED_DIR.iterdir())
    readme = (SHIPPED_DIR / "README.md").read_text()

    assert size < 1_000_000
    assert all(line in readme for line in ATTRIBUTION)
    assert "Open Government Licence" in readme and "Code-Point Open" in readme


def test_extracting_the_extract_gives_the_same_files(tmp_path):
    call_command("extract_reference_data", str(SHIPPED_DIR), dest=str(tmp_path), stdout=io.StringIO())

    for path in SHIPPED_DIR.iterdir():
        if path.name != "README.md":
            assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
