"""manage.py import_vacancies FILE --organisation SLUG [--dry-run]

Imports vacancies from a CSV file for one employer: every row is checked first and nothing is saved
unless every row is good. Problems are listed by spreadsheet row and column."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ats.jobs.imports import OPTIONAL_COLUMNS, REQUIRED_COLUMNS, import_vacancies
from ats.organisations.models import Organisation


class DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "Import vacancies for one employer from a CSV file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV with a header row: " + ", ".join(REQUIRED_COLUMNS) + ", ...")
        parser.add_argument("--organisation", required=True, help="The employer's slug")
        parser.add_argument("--dry-run", action="store_true", help="Check the file, save nothing")
        parser.add_argument("--draft", action="store_true", help="Save as waiting for approval, not live")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No employer has the slug {options['organisation']!r}.")
        try:
            with transaction.atomic(), path.open(newline="", encoding="utf-8-sig") as handle:
                result = import_vacancies(
                    handle, organisation=organisation, progress=self._progress, publish=not options["draft"]
                )
                if options["dry_run"] and result.ok:
                    raise DryRun
        except DryRun:
            self.stdout.write(f"Checked: {len(result.created):,} vacancies would be imported. Nothing saved.")
            return
        except UnicodeDecodeError as error:
            raise CommandError("The file is not UTF-8 text. Save it as 'CSV UTF-8' and try again.") from error
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"Nothing was imported: {len(result.errors)} problem(s). Columns: "
                + ", ".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
            )
        self.stdout.write(
            self.style.SUCCESS(f"Imported {len(result.created):,} vacancies for {organisation}.")
        )

    def _progress(self, label: str, done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        line = f"\r{label:<10} [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}"
        if self.stdout.isatty():
            sys.stdout.write(line + ("\n" if done == total else ""))
            sys.stdout.flush()
        elif done == total:
            self.stdout.write(line.strip())
