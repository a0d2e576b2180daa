"""Filters the campaign templates share: pay as words, money, and rich text made safe."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from campaign.rich_text import render_rich_text

register = template.Library()


def _money(value: Decimal) -> str:
    if value >= 1000:
        return f"£{value:,.0f}"
    return f"£{value:,.2f}"


@register.filter
def pay_text(vacancy) -> str:
    """'£12.60 to £13.50 an hour', 'NHS Agenda for Change Band 3' or ''."""
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
def money(value) -> str:
    return _money(Decimal(value)) if value is not None else ""


@register.filter
def safe_richtext(value):
    """Wagtail's `|richtext`, sanitised: safe even if the database holds script or javascript: links."""
    return render_rich_text(value)
