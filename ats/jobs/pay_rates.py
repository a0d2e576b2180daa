"""The legal minimum and the real Living Wage, per hour, from one data file (issue 24).

`ats/data/pay_rates.csv` holds each rate with the date it applies from, its source and the date
that source published it; a new rate is a new row (the National Living Wage each April, the real
Living Wage each October). The rate in force on a day is the latest row whose `from` is on or
before it.

- `minimum_hourly(apprenticeship=...)`: vacancy entry refuses pay below it: the National Living
  Wage (the adult rate), or the apprentice rate for an apprenticeship.
- `real_living_wage()`: the rate that earns a job its "Real Living Wage" badge.
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.utils import timezone

RATES_FILE = Path(__file__).resolve().parent.parent / "data" / "pay_rates.csv"
NATIONAL_LIVING_WAGE = "national_living_wage"
APPRENTICE = "apprentice"
REAL_LIVING_WAGE = "real_living_wage"


@dataclass(frozen=True)
class PayRate:
    rate: str
    hourly: Decimal
    valid_from: datetime.date
    source: str
    published: datetime.date


@cache
def all_rates() -> tuple[PayRate, ...]:
    with RATES_FILE.open(newline="", encoding="utf-8") as handle:
        return tuple(
            PayRate(
                rate=row["rate"],
                hourly=Decimal(row["hourly"]),
                valid_from=datetime.date.fromisoformat(row["from"]),
                source=row["source"],
                published=datetime.date.fromisoformat(row["published"]),
            )
            for row in csv.DictReader(handle)
        )


def rate_on(rate: str, on: datetime.date | None = None) -> PayRate | None:
    on = on or timezone.localdate()
    in_force = [row for row in all_rates() if row.rate == rate and row.valid_from <= on]
    return max(in_force, key=lambda row: row.valid_from) if in_force else None


def minimum_hourly(*, apprenticeship: bool, on: datetime.date | None = None) -> PayRate | None:
    return rate_on(APPRENTICE if apprenticeship else NATIONAL_LIVING_WAGE, on)


def real_living_wage(on: datetime.date | None = None) -> PayRate | None:
    return rate_on(REAL_LIVING_WAGE, on)


def pays_real_living_wage(hourly_min: Decimal | None, on: datetime.date | None = None) -> bool:
    rate = real_living_wage(on)
    return hourly_min is not None and rate is not None and hourly_min >= rate.hourly
