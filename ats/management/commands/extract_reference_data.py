"""manage.py extract_reference_data SOURCE [--dest PATH]

Rebuild the extract shipped in ats/data/reference/ from the full open data files in SOURCE (the same
file names and columns as before). Run it when a new release of the data comes out, then update the
versions in ats/data/reference/README.md."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ats.places.reference_data import SHIPPED_DIR
from ats.places.reference_extract import extract_reference_data


class Command(BaseCommand):
    help = "Cut the full open data files down to the extract shipped in ats/data/reference/."

    def add_arguments(self, parser):
        parser.add_argument("source", help="Folder holding the full CSV files")
        parser.add_argument("--dest", default=str(SHIPPED_DIR), help="Where to write the extract")

    def handle(self, *args, **options):
        source, dest = Path(options["source"]), Path(options["dest"])
        try:
            counts = extract_reference_data(source, dest)
        except FileNotFoundError as error:
            raise CommandError(str(error)) from error
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count:,} rows")
        size = sum(path.stat().st_size for path in dest.iterdir() if path.suffix in {".csv", ".gz"})
        self.stdout.write(f"{dest}: {size / 1024:,.0f} KB")
