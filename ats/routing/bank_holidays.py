"""Bank holidays in England and Wales, for working-day clocks (the routing service level).

The dates live in the `BankHoliday` table, loaded from a CSV shipped with the code
(ats/data/bank_holidays_england_and_wales.csv, the GOV.UK list) by `manage.py load_bank_holidays`
and editable in the Wagtail admin. Nothing is fetched over the network at run time."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from ats.routing.models import BankHoliday

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "bank_holidays_england_and_wales.csv"


class BankHolidayFileError(ValueError):
    """The file cannot be read; the message names the line and what is wrong."""


def load_bank_holidays(path: Path = DATA_FILE) -> tuple[int, int]:
    """Add or rename the dates in `path` (columns date, name). All or nothing. Returns (added, updated)."""
    rows: dict[date, str] = {}
    try:
        with Path(path).open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or {"date", "name"} - set(reader.fieldnames):
                raise BankHolidayFileError(f"{path}: the first line must name the columns date,name.")
            for line, row in enumerate(reader, start=2):
                try:
                    day = date.fromisoformat((row["date"] or "").strip())
                except ValueError as exc:
                    raise BankHolidayFileError(
                        f"{path}, line {line}: {row['date']!r} is not a date like 2026-12-25."
                    ) from exc
                name = (row["name"] or "").strip()
                if not name:
                    raise BankHolidayFileError(f"{path}, line {line}: the name is empty.")
                rows[day] = name[:100]
    except OSError as exc:
        raise BankHolidayFileError(f"Cannot read {path}: {exc.strerror}.") from exc
    added = updated = 0
    with transaction.atomic():
        existing = dict(BankHoliday.objects.filter(date__in=rows).values_list("date", "name"))
        for day, name in rows.items():
            if day not in existing:
                BankHoliday.objects.create(date=day, name=name)
                added += 1
            elif existing[day] != name:
                BankHoliday.objects.filter(date=day).update(name=name)
                updated += 1
    return added, updated


def bank_holidays() -> frozenset[date]:
    """Every bank holiday in the table (a few dozen rows: one query)."""
    return frozenset(BankHoliday.objects.values_list("date", flat=True))


def is_working_day(day: date, holidays: frozenset[date] | set[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(
    start: datetime, days: int, holidays: frozenset[date] | set[date] | None = None
) -> datetime:
    """`start` moved on by `days` working days (Monday to Friday, not a bank holiday), keeping the
    time of day in Europe/London."""
    if holidays is None:
        holidays = bank_holidays()
    local = timezone.localtime(start)
    day = local.date()
    added = 0
    while added < days:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            added += 1
    return timezone.make_aware(datetime.combine(day, local.time().replace(tzinfo=None)))
