"""Pay in both hourly and annual terms; Agenda for Change bands resolved from the AfC pay table."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from ats.jobs.models import HOURS_PER_YEAR_FULL_TIME, AfcPayPoint, AfcUnsocialHours, Vacancy

WEEKS_PER_YEAR = Decimal("52.2")
FULL_TIME_HOURS = Decimal("37.5")
PENNY = Decimal("0.01")
POUND = Decimal("1")


def financial_year(on: datetime.date | None = None) -> str:
    """The UK financial year a date falls in: 2025-04-01 → '2025/26', 2026-03-31 → '2025/26'."""
    on = on or timezone.localdate()
    start = on.year if on.month >= 4 else on.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


@dataclass(frozen=True)
class AfcRange:
    band: str
    financial_year: str
    annual_min: Decimal
    annual_max: Decimal
    source: str


def afc_ranges(on: datetime.date | None = None) -> dict[str, AfcRange]:
    """Every band's range for the financial year `on` falls in, or the latest year on file before it
    (the new table is published each spring; until admins add it, last year's is the best we know)."""
    wanted = financial_year(on)
    years = sorted(set(AfcPayPoint.objects.values_list("financial_year", flat=True)))
    if not years:
        return {}
    earlier = [y for y in years if y <= wanted]
    year = earlier[-1] if earlier else years[0]
    ranges: dict[str, AfcRange] = {}
    for point in AfcPayPoint.objects.filter(financial_year=year):
        current = ranges.get(point.band)
        low = min(point.annual_salary, current.annual_min) if current else point.annual_salary
        high = max(point.annual_salary, current.annual_max) if current else point.annual_salary
        ranges[point.band] = AfcRange(point.band, year, low, high, point.source)
    return ranges


def _hours(vacancy: Vacancy) -> Decimal:
    return Decimal(vacancy.hours_per_week) if vacancy.hours_per_week else FULL_TIME_HOURS


def derived_pay(
    vacancy: Vacancy, ranges: dict[str, AfcRange]
) -> tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None, str]:
    """(hourly min, hourly max, annual min, annual max, AfC year). Annual is for the post's hours;
    AfC annual figures are full-time salaries, as NHS adverts state them."""
    if vacancy.afc_band:
        afc = ranges.get(vacancy.afc_band.lower())
        if afc is None:
            return None, None, None, None, ""
        hourly = (afc.annual_min / HOURS_PER_YEAR_FULL_TIME).quantize(PENNY, ROUND_HALF_UP)
        hourly_max = (afc.annual_max / HOURS_PER_YEAR_FULL_TIME).quantize(PENNY, ROUND_HALF_UP)
        return hourly, hourly_max, afc.annual_min, afc.annual_max, afc.financial_year
    if vacancy.pay_min is None:
        return None, None, None, None, ""
    low = Decimal(vacancy.pay_min)
    high = Decimal(vacancy.pay_max) if vacancy.pay_max is not None else low
    yearly_hours = _hours(vacancy) * WEEKS_PER_YEAR
    if vacancy.pay_period == Vacancy.PayPeriod.HOUR:
        return (
            low,
            high,
            (low * yearly_hours).quantize(POUND, ROUND_HALF_UP),
            (high * yearly_hours).quantize(POUND, ROUND_HALF_UP),
            "",
        )
    return (
        (low / yearly_hours).quantize(PENNY, ROUND_HALF_UP),
        (high / yearly_hours).quantize(PENNY, ROUND_HALF_UP),
        low,
        high,
        "",
    )


def _money(value: Decimal, *, pence: bool) -> str:
    return f"£{value:,.2f}" if pence else f"£{value:,.0f}"


def _span(low: Decimal, high: Decimal, *, pence: bool) -> str:
    if low == high:
        return _money(low, pence=pence)
    return f"{_money(low, pence=pence)} to {_money(high, pence=pence)}"


@dataclass(frozen=True)
class PayDescription:
    stated: bool
    hourly: str = ""
    annual: str = ""
    afc: str = ""
    annual_note: str = ""
    unsocial: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        if not self.stated:
            return "Pay not stated"
        return f"{self.hourly} an hour ({self.annual} a year{self.annual_note})"


def describe_pay(vacancy: Vacancy, *, with_unsocial: bool = False) -> PayDescription:
    """Words for the pay, from the derived columns (no queries unless with_unsocial on an AfC post)."""
    if vacancy.hourly_pay_min is None or vacancy.annual_pay_min is None:
        return PayDescription(stated=False)
    hourly = _span(vacancy.hourly_pay_min, vacancy.hourly_pay_max or vacancy.hourly_pay_min, pence=True)
    annual = _span(vacancy.annual_pay_min, vacancy.annual_pay_max or vacancy.annual_pay_min, pence=False)
    note = ""
    if vacancy.afc_band:
        note = " full time" if _hours(vacancy) < FULL_TIME_HOURS else ""
    elif vacancy.pay_period == Vacancy.PayPeriod.HOUR:
        note = f" for {_hours(vacancy).normalize():f} hours a week"
    afc = f"Agenda for Change Band {vacancy.afc_band} ({vacancy.pay_year})" if vacancy.afc_band else ""
    unsocial: list[str] = []
    if with_unsocial and vacancy.afc_band and vacancy.works_unsocial_hours:
        rates = AfcUnsocialHours.objects.filter(band=vacancy.afc_band.lower()).first()
        if rates:
            base = vacancy.hourly_pay_min
            for label, pct in [
                ("Nights and Saturdays", rates.nights_and_saturday_pct),
                ("Sundays and bank holidays", rates.sunday_and_bank_holiday_pct),
            ]:
                rate = (base * (100 + pct) / 100).quantize(PENNY, ROUND_HALF_UP)
                unsocial.append(f"{label}: plus {pct}%, from {_money(rate, pence=True)} an hour")
    return PayDescription(True, hourly, annual, afc, note, unsocial)
