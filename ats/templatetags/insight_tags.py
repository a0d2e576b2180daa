"""The "started work?" panel of a hired application's page (the data; the markup is in
templates/ats/insight/_start_panel.html)."""

from __future__ import annotations

from django import template

from ats.insight.forms import StartForm
from ats.insight.models import Start
from ats.pipeline.models import Offer

register = template.Library()


@register.inclusion_tag("ats/insight/_start_panel.html", takes_context=True)
def start_panel(context, application) -> dict:
    start = Start.objects.filter(application=application).first()
    offer = Offer.objects.filter(application=application).only("start_date").first()
    return {
        "application": application,
        "start": start,
        "checks": list(start.tenure_checks.all()) if start else [],
        "form": StartForm(initial={"start_date": offer.start_date if offer else None}),
        "can_edit": context.get("can_edit", False),
        "csrf_token": context.get("csrf_token"),
    }
