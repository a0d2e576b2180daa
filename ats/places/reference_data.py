"""Load councils, postcodes, NHS trusts and AfC pay from open data files: the extract shipped in
ats/data/reference/ (see its README), or the user's own copies of the same public datasets.
Idempotent: rows are upserted by their natural keys. Each file may be plain (`name.csv`) or gzipped
(`name.csv.gz`); only the columns named here are read, so the full files and the extract both load."""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from ats.jobs.models import AfcPayPoint, AfcUnsocialHours, Role
from ats.organisations.models import Location, Organisation
from ats.places.models import LocalAuthority, Postcode, PostcodeDistrict
from ats.places.reference import BUILTIN_DISTRICTS, NORTH_EAST_COUNCILS, ROLES

Progress = Callable[[str, int, int], None]
BATCH = 5000

FILES = {
    "councils": "ne_local_authorities.csv",
    "ne_districts": "ne_postcode_districts.csv",
    "gb_districts": "gb_postcode_district_centroids.csv",
    "postcodes": "ne_postcodes.csv",
    "trusts": "ne_nhs_trusts.csv",
    "afc": "afc_pay_scales_england_2025_26.csv",
    "afc_unsocial": "afc_unsocial_hours_enhancements.csv",
}
AFC_SOURCE = "NHS Employers AfC pay scales 2025/26 (England), via shared/data"
# The extract shipped with the code (ats/data/reference/README.md says where each file comes from).
SHIPPED_DIR = Path(__file__).resolve().parent.parent / "data" / "reference"


def reference_file(directory: Path, key: str) -> Path | None:
    """The file for dataset `key` in `directory`: `name.csv`, else `name.csv.gz`, else None."""
    for path in (directory / FILES[key], directory / f"{FILES[key]}.gz"):
        if path.exists():
            return path
    return None


def open_text(path: Path) -> io.TextIOBase:
    """A CSV file opened for reading as text, gzipped or not."""
    if path.suffix == ".gz":
        return gzip.open(path, "rt", newline="", encoding="utf-8")
    return path.open(newline="", encoding="utf-8")


def read_rows(path: Path) -> Iterator[dict[str, str]]:
    with open_text(path) as handle:
        yield from csv.DictReader(handle)


def _float(value: str | None) -> float | None:
    return float(value) if value not in (None, "") else None


def _batched(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def load_builtin() -> None:
    """The minimal set: the 12 councils and one district each, roles, no postcodes."""
    with transaction.atomic():
        for code, name, official, la_type, lat, lon, _ in NORTH_EAST_COUNCILS:
            LocalAuthority.objects.update_or_create(
                ons_code=code,
                defaults={
                    "name": name,
                    "slug": slugify(name),
                    "official_name": official,
                    "la_type": la_type,
                    "in_region": True,
                    "latitude": lat,
                    "longitude": lon,
                },
            )
        councils = {la.ons_code: la for la in LocalAuthority.objects.all()}
        for outcode, lat, lon, code in BUILTIN_DISTRICTS:
            PostcodeDistrict.objects.get_or_create(
                outcode=outcode,
                defaults={
                    "latitude": lat,
                    "longitude": lon,
                    "la_code": code,
                    "local_authority": councils[code],
                },
            )
        load_roles()


def load_roles() -> None:
    for order, (name, summary) in enumerate(ROLES):
        Role.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "summary": summary, "sort_order": order * 10}
        )


def load_councils(path: Path) -> int:
    count = 0
    with transaction.atomic():
        for row in read_rows(path):
            LocalAuthority.objects.update_or_create(
                ons_code=row["gss_code"],
                defaults={
                    "name": row["la_name"],
                    "slug": slugify(row["la_name"]),
                    "official_name": row.get("council_official_name", ""),
                    "la_type": row.get("la_type", ""),
                    "in_region": row.get("in_adass_north_east", "Y") == "Y",
                    "latitude": _float(row.get("postcode_centroid_lat")),
                    "longitude": _float(row.get("postcode_centroid_lon")),
                },
            )
            count += 1
    return count


def load_districts(ne_path: Path | None, gb_path: Path | None, progress: Progress | None = None) -> int:
    """GB centroids give every district a position; the NE file adds the council split."""
    councils = {la.ons_code: la for la in LocalAuthority.objects.all()}
    rows: dict[str, PostcodeDistrict] = {}
    if gb_path and gb_path.exists():
        for row in read_rows(gb_path):
            code = row["main_la_code"]
            rows[row["outcode"]] = PostcodeDistrict(
                outcode=row["outcode"],
                latitude=_float(row["latitude"]),
                longitude=_float(row["longitude"]),
                la_code=code,
                local_authority=councils.get(code),
                la_share=float(row["main_la_share"] or 1),
                other_councils={},
            )
    if ne_path and ne_path.exists():
        for row in read_rows(ne_path):
            code = row["main_la_code"]
            others = {}
            for pair in filter(None, (row.get("other_la_codes") or "").split(";")):
                other_code, share = pair.split(":")
                others[other_code] = float(share)
            rows[row["outcode"]] = PostcodeDistrict(
                outcode=row["outcode"],
                latitude=_float(row["latitude"]),
                longitude=_float(row["longitude"]),
                la_code=code,
                local_authority=councils.get(code),
                la_share=float(row["main_la_share"] or 1),
                other_councils=others,
            )
    total = len(rows)
    done = 0
    with transaction.atomic():
        for batch in _batched(rows.values(), BATCH):
            PostcodeDistrict.objects.bulk_create(
                batch,
                update_conflicts=True,
                unique_fields=["outcode"],
                update_fields=[
                    "latitude",
                    "longitude",
                    "la_code",
                    "local_authority",
                    "la_share",
                    "other_councils",
                ],
            )
            done += len(batch)
            if progress:
                progress("districts", done, total)
    return total


def load_postcodes(path: Path, progress: Progress | None = None, only: set[str] | None = None) -> int:
    with open_text(path) as handle:
        total = max(sum(1 for _ in handle) - 1, 0)

    def units() -> Iterator[Postcode]:
        for row in read_rows(path):
            if only is not None and row["postcode"] not in only:
                continue
            yield Postcode(
                postcode=row["postcode"],
                latitude=_float(row["latitude"]),
                longitude=_float(row["longitude"]),
                la_code=row["la_code"],
            )

    done = 0
    with transaction.atomic():
        for batch in _batched(units(), BATCH):
            Postcode.objects.bulk_create(
                batch,
                update_conflicts=True,
                unique_fields=["postcode"],
                update_fields=["latitude", "longitude", "la_code"],
            )
            done += len(batch)
            if progress:
                progress("postcodes", done, total if only is None else done)
    return done


def load_nhs_trusts(path: Path) -> int:
    councils = {la.ons_code: la for la in LocalAuthority.objects.all()}
    count = 0
    with transaction.atomic():
        for row in read_rows(path):
            if row.get("status") != "open":
                continue
            name = _title_case(row["name"])
            org, _ = Organisation.objects.update_or_create(
                ods_code=row["ods_code"],
                kind=Organisation.Kind.NHS_TRUST,
                defaults={
                    "name": name,
                    "slug": slugify(name)[:200],
                    "local_authority": councils.get(row.get("la_code", "")),
                    "verified": True,
                },
            )
            address = ", ".join(
                _title_case(row[f"address_line_{i}"]) for i in range(1, 6) if row.get(f"address_line_{i}")
            )
            Location.objects.update_or_create(
                organisation=org,
                name="Headquarters",
                defaults={
                    "address": address,
                    "postcode": row["postcode"],
                    "latitude": _float(row.get("latitude")),
                    "longitude": _float(row.get("longitude")),
                    "local_authority": councils.get(row.get("la_code", "")),
                },
            )
            count += 1
    return count


def load_afc(pay_path: Path, unsocial_path: Path | None = None, source: str = AFC_SOURCE) -> int:
    count = 0
    with transaction.atomic():
        for row in read_rows(pay_path):
            AfcPayPoint.objects.update_or_create(
                financial_year=row["financial_year"],
                band=row["band"],
                point=row["point"],
                defaults={
                    "years_in_band_from": int(row.get("years_in_band_from") or 0),
                    "annual_salary": Decimal(row["annual_salary_gbp"]),
                    "source": source,
                },
            )
            count += 1
        if unsocial_path and unsocial_path.exists():
            for row in read_rows(unsocial_path):
                AfcUnsocialHours.objects.update_or_create(
                    band=row["band"],
                    defaults={
                        "nights_and_saturday_pct": int(row["saturday_and_weekday_nights_pct"]),
                        "sunday_and_bank_holiday_pct": int(row["sunday_and_public_holiday_pct"]),
                    },
                )
    return count


_SMALL_WORDS = {"and", "of", "the", "upon", "on"}
_KEEP_UPPER = {"NHS"}


def _title_case(text: str) -> str:
    words = []
    for index, word in enumerate(text.split()):
        if word in _KEEP_UPPER:
            words.append(word)
        elif index and word.lower() in _SMALL_WORDS:
            words.append(word.lower())
        else:
            words.append(word.capitalize())
    return " ".join(words)


def load_all(
    directory: Path,
    *,
    postcodes: bool = True,
    only_postcodes: set[str] | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Load every dataset present in `directory`; fall back to the built-in set for what is missing.
    Without `postcodes`, only the units in `only_postcodes` (if any) are loaded."""
    load_builtin()
    counts: dict[str, int] = {}
    if path := reference_file(directory, "councils"):
        counts["councils"] = load_councils(path)
    ne, gb = reference_file(directory, "ne_districts"), reference_file(directory, "gb_districts")
    if ne or gb:
        counts["districts"] = load_districts(ne, gb, progress)
    path = reference_file(directory, "postcodes")
    if path and (postcodes or only_postcodes):
        counts["postcodes"] = load_postcodes(path, progress, only=None if postcodes else only_postcodes)
    if path := reference_file(directory, "trusts"):
        counts["nhs_trusts"] = load_nhs_trusts(path)
    if path := reference_file(directory, "afc"):
        counts["afc_pay_points"] = load_afc(path, reference_file(directory, "afc_unsocial"))
    return counts
