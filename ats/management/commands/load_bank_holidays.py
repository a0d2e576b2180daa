"""manage.py load_bank_holidays [--file PATH]

Adds the England and Wales bank holidays shipped in ats/data (or your own CSV with the columns
date,name) to the table the routing service level reads. Safe to run again: existing dates are
kept, renamed ones updated. Edit or add single dates in the Wagtail admin (Routing, Bank holidays)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ats.routing.bank_holidays import DATA_FILE, BankHolidayFileError, load_bank_holidays


class Command(BaseCommand):
    help = "Load England and Wales bank holidays (for working-day clocks) from a CSV file."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DATA_FILE), help="CSV with the columns date,name")

    def handle(self, *args, **options):
        try:
            added, updated = load_bank_holidays(Path(options["file"]))
        except BankHolidayFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Bank holidays: {added} added, {updated} renamed.")
