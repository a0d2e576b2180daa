"""A list of job cards and a facet's checkboxes, written in Python: the markup the templates
components/job_card.html and components/filter_checkboxes.html gave, byte for byte (their text is
kept in tests/ats/test_job_cards.py, which compares the two).

A search page shows 20 cards of some twenty values each and 40-odd facet options of six: through
`{% include %}` each value is a template node (a variable lookup, localising, escaping), together
about a fifth of a full search page's Python. Here each card and option is one f-string, each value
escaped as the template escaped it (`value`). The copy (legends) stays in the templates.

    {% load job_lists %}
    {% job_cards cards %}                                    cards from ats.jobs.cards.job_cards
    {% filter_checkboxes "role" "Type of job" facets.role %}  options from ats.jobs.views.jobs.checkboxes
"""

from __future__ import annotations

import html

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def value(item) -> str:
    """`{{ item }}` in a template with autoescaping on (the default): localised, then escaped
    unless already safe. A plain string, the usual case, is escaped at once (Django's `escape` is
    `html.escape` of the string)."""
    if type(item) is str:
        return html.escape(item)
    return conditional_escape(str(localize(item)))


def card_html(card: dict) -> str:
    """One card, as components/job_card.html wrote it (its comment line left a blank line)."""
    employer = value(card["employer"])
    if card["employer_url"]:
        employer = f'<a href="{value(card["employer_url"])}">{employer}</a>'
    if card["council"] is not None:
        employer = f"{employer}, {value(card['council'])}"
    if card["pay_stated"]:
        pay = (
            f'{value(card["pay_hourly"])} an hour <span class="job-card__annual">'
            f"({value(card['pay_annual'])} a year{value(card['pay_note'])})</span>"
        )
    else:
        pay = "Pay not stated"
    distance = (
        ""
        if card["distance"] is None
        else f'<div><dt>Distance</dt><dd class="job-card__distance">{value(card["distance"])} miles away</dd></div>'
    )
    closing = f"<div><dt>Closing date</dt><dd>{value(card['closing'])}</dd></div>" if card["closing"] else ""
    tags = ""
    if card["new_to_care"] or card["afc_band"] or card["sponsorship"]:
        tags = (
            '\n  <ul class="job-card__tags">\n    '
            + ('<li class="tag">New to care welcome</li>' if card["new_to_care"] else "")
            + "\n    "
            + (f'<li class="tag">NHS Band {value(card["afc_band"])}</li>' if card["afc_band"] else "")
            + "\n    "
            + ('<li class="tag">Visa sponsorship</li>' if card["sponsorship"] else "")
            + "\n  </ul>\n  "
        )
    return (
        '\n<li class="job-card">\n'
        f'  <h3 class="job-card__title"><a href="{value(card["url"])}">{value(card["title"])}</a></h3>\n'
        f'  <p class="job-card__employer">{employer}</p>\n'
        '  <dl class="job-card__facts">\n'
        f"    <div><dt>Pay</dt><dd>{pay}</dd></div>\n"
        f"    <div><dt>Hours</dt><dd>{value(card['hours'])}</dd></div>\n"
        f"    <div><dt>Contract</dt><dd>{value(card['contract'])}</dd></div>\n"
        f"    {distance}\n"
        f"    {closing}\n"
        "  </dl>\n"
        f"  {tags}\n"
        "</li>\n"
    )


@register.simple_tag
def job_cards(cards: list[dict]) -> SafeString:
    """Each card in turn, as `{% for card in cards %}{% include "components/job_card.html" %}`."""
    return mark_safe("".join(card_html(card) for card in cards))  # nosec B308 B703  # every value escaped (`value`)


@register.simple_tag
def filter_checkboxes(name: str, legend: str, options: list[dict]) -> SafeString:
    """A GOV.UK-style checkbox fieldset for one facet (nothing when it has no options), as
    `{% include "components/filter_checkboxes.html" with name=... legend=... options=... %}`."""
    if not options:
        return mark_safe("\n\n")  # nosec B308  # constant whitespace
    name = value(name)
    boxes = "".join(
        '\n  <div class="checkbox">\n'
        f'    <input class="checkbox__input" type="checkbox" id="{value(o["id"])}" name="{name}"'
        f' value="{value(o["value"])}"{" checked" if o["selected"] else ""}>\n'
        f'    <label class="checkbox__label" for="{value(o["id"])}">{value(o["label"])}'
        f' <span class="filter-count">({value(o["count"])})</span></label>\n'
        "  </div>\n  "
        for o in options
    )
    return mark_safe(  # nosec B308 B703  # every value escaped (`value`)
        '\n\n<fieldset class="filter-group">\n'
        f'  <legend class="filter-group__legend">{value(legend)}</legend>\n  {boxes}\n</fieldset>\n\n'
    )
