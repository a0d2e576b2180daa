"""Filters the campaign templates share: pay as words, money, and rich text made safe."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from ats.jobs import pay_rates
from ats.jobs.pay import describe_pay
from campaign.rich_text import render_rich_text

register = template.Library()


def _money(value: Decimal) -> str:
    if value >= 1000:
        return f"£{value:,.0f}"
    return f"£{value:,.2f}"


@register.filter
def pay_text(vacancy) -> str:
    """Hourly and annual side by side (issue 24): '£12.60 to £13.50 an hour (£24,660 to £26,422 a
    year for 37.5 hours a week)', 'NHS Agenda for Change Band 3: £24,937 to £26,598 a year (£12.74
    to £13.59 an hour)', or '' when no pay is stated. Falls back to the entered pay alone for a
    job whose derived pay columns were not fetched."""
    if getattr(vacancy, "hourly_pay_min", None) is not None and getattr(vacancy, "annual_pay_min", None):
        pay = describe_pay(vacancy)
        if vacancy.afc_band:
            return _(
                "NHS Agenda for Change Band %(band)s: %(annual)s a year%(note)s (%(hourly)s an hour)"
            ) % {
                "band": vacancy.afc_band,
                "annual": pay.annual,
                "note": pay.annual_note,
                "hourly": pay.hourly,
            }
        return _("%(hourly)s an hour (%(annual)s a year%(note)s)") % {
            "hourly": pay.hourly,
            "annual": pay.annual,
            "note": pay.annual_note,
        }
    if vacancy.afc_band:
        return _("NHS Agenda for Change Band %(band)s") % {"band": vacancy.afc_band}
    if vacancy.pay_min is None:
        return ""
    low = _money(vacancy.pay_min)
    hourly = vacancy.pay_period == "hour"
    if vacancy.pay_max and vacancy.pay_max != vacancy.pay_min:
        high = _money(vacancy.pay_max)
        if hourly:
            return _("%(low)s to %(high)s an hour") % {"low": low, "high": high}
        return _("%(low)s to %(high)s a year") % {"low": low, "high": high}
    return (_("%(pay)s an hour") if hourly else _("%(pay)s a year")) % {"pay": low}


@register.filter
def real_living_wage(vacancy) -> bool:
    """The job pays at least the real Living Wage in force today (ats/data/pay_rates.csv)."""
    return pay_rates.pays_real_living_wage(getattr(vacancy, "hourly_pay_min", None))


@register.simple_tag
def real_living_wage_rate():
    """The real Living Wage in force today, with its source and date."""
    return pay_rates.real_living_wage()


@register.filter
def money(value) -> str:
    return _money(Decimal(value)) if value is not None else ""


@register.filter
def safe_richtext(value):
    """Wagtail's `|richtext`, sanitised: safe even if the database holds script or javascript: links."""
    return render_rich_text(value)
