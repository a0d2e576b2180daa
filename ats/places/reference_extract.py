"""Cut the full open data files down to the extract shipped in ats/data/reference/: only the columns
the loader reads, and only the rows the product uses (every postcode of every district that has a
postcode in the 12 North East councils, so border districts are whole; every GB district; open NHS
trusts). Large files are gzipped without a timestamp, so the same input gives the same bytes."""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

from ats.places.reference_data import FILES, read_rows, reference_file

# dataset key -> (columns kept, gzipped?)
COLUMNS: dict[str, tuple[list[str], bool]] = {
    "councils": (
        [
            "gss_code",
            "la_name",
            "council_official_name",
            "la_type",
            "in_adass_north_east",
            "postcode_centroid_lat",
            "postcode_centroid_lon",
        ],
        False,
    ),
    "ne_districts": (
        ["outcode", "latitude", "longitude", "main_la_code", "main_la_share", "other_la_codes"],
        True,
    ),
    "gb_districts": (["outcode", "latitude", "longitude", "main_la_code", "main_la_share"], True),
    "postcodes": (["postcode", "latitude", "longitude", "la_code"], True),
    "trusts": (
        [
            "ods_code",
            "name",
            *(f"address_line_{i}" for i in range(1, 6)),
            "postcode",
            "status",
            "latitude",
            "longitude",
            "la_code",
        ],
        False,
    ),
    "afc": (["financial_year", "band", "point", "years_in_band_from", "annual_salary_gbp"], False),
    "afc_unsocial": (["band", "saturday_and_weekday_nights_pct", "sunday_and_public_holiday_pct"], False),
}


def _write(dest: Path, key: str, rows: list[dict[str, str]]) -> Path:
    columns, gzipped = COLUMNS[key]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([row.get(column, "") for column in columns] for row in rows)
    data = buffer.getvalue().encode("utf-8")
    path = dest / (f"{FILES[key]}.gz" if gzipped else FILES[key])
    path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0) if gzipped else data)
    return path


def extract_reference_data(source: Path, dest: Path) -> dict[str, int]:
    """Write the extract of the files in `source` to `dest`. Returns rows written per dataset."""
    missing = [FILES[key] for key in COLUMNS if reference_file(source, key) is None]
    if missing:
        raise FileNotFoundError(f"{source} lacks {', '.join(missing)}")
    tables = {key: list(read_rows(reference_file(source, key))) for key in COLUMNS}
    region = {row["gss_code"] for row in tables["councils"] if row["in_adass_north_east"] == "Y"}
    districts = {row["postcode"].split()[0] for row in tables["postcodes"] if row["la_code"] in region}
    tables["postcodes"] = [row for row in tables["postcodes"] if row["postcode"].split()[0] in districts]
    tables["trusts"] = [row for row in tables["trusts"] if row["status"] == "open"]
    dest.mkdir(parents=True, exist_ok=True)
    counts = {}
    for key, rows in tables.items():
        for stale in (dest / FILES[key], dest / f"{FILES[key]}.gz"):
            stale.unlink(missing_ok=True)
        _write(dest, key, rows)
        counts[key] = len(rows)
    return counts
