"""manage.py load_reference_data [--dir PATH] [--no-postcodes]

Loads councils, postcode districts and units, NHS trusts and AfC pay points from the extract of the
open data shipped in ats/data/reference/ (REFERENCE_DATA_DIR), or with --dir from your own copies of
the same public datasets (same file names, plain or gzipped)."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ats.places.reference_data import FILES, load_all


class Command(BaseCommand):
    help = "Load councils, postcodes, NHS trusts and Agenda for Change pay from open data files."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", default=str(settings.REFERENCE_DATA_DIR), help="Folder holding the CSV files"
        )
        parser.add_argument("--no-postcodes", action="store_true", help="Skip the 100,000 postcode units")

    def handle(self, *args, **options):
        directory = Path(options["dir"])
        if not directory.is_dir():
            raise CommandError(
                f"{directory} is not a folder. Pass --dir with the folder holding {FILES['councils']}."
            )
        counts = load_all(directory, postcodes=not options["no_postcodes"], progress=self._progress)
        if self.stdout.isatty():
            sys.stdout.write("\n")
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count:,}")
        if not counts:
            self.stdout.write("No data files found; the built-in councils and districts were loaded.")

    def _progress(self, label: str, done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        line = f"\r{label:<10} [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}"
        if self.stdout.isatty():
            sys.stdout.write(line)
            sys.stdout.flush()
        elif done == total:
            self.stdout.write(line.strip())
