"""Copies of the reference data for tests: the files in settings.REFERENCE_DATA_DIR (the extract
shipped in ats/data/reference/ unless you point it at your own full copies), with the postcode file
cut down to the units a test needs. A missing file is a failure that says which, never a skip."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from ats.places.reference_data import FILES, open_text, reference_file


def reference_path(key: str) -> Path:
    directory = settings.REFERENCE_DATA_DIR
    path = reference_file(directory, key)
    assert path is not None, (
        f"{FILES[key]}(.gz) is missing from REFERENCE_DATA_DIR={directory}: the extract ships in "
        "ats/data/reference/ (unset REFERENCE_DATA_DIR to use it)"
    )
    return path


def copy_reference_data(dest: Path, keys: list[str], postcodes: Callable[[str], bool] | None = None) -> Path:
    """Copy datasets `keys` into `dest`; with `postcodes`, also the units it keeps (plain CSV)."""
    for key in keys:
        source = reference_path(key)
        shutil.copy(source, dest / source.name)
    if postcodes is not None:
        with open_text(reference_path("postcodes")) as src, (dest / FILES["postcodes"]).open("w") as dst:
            rows = csv.reader(src)
            writer = csv.writer(dst, lineterminator="\n")
            writer.writerow(next(rows))
            writer.writerows(row for row in rows if postcodes(row[0]))
    return dest
