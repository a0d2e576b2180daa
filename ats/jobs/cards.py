"""What a job card shows, worked out in Python once per card (shown by components/job_card.html).

A card used to read some twenty attributes of the vacancy, its employer and council in the template,
with two `reverse()`s, two `floatformat`s and a `date`: about 0.4 ms a card, 8 ms of a search page's
20. Each lookup on a model instance first tries it as a dict key and fails; on a dict it is one
lookup. So the card gets a dict of the strings it shows, made with the same filters (the same
output), and the links are made from one reversed URL per list rather than per card.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from django.template.defaultfilters import date, floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_str

from ats.jobs.models import Vacancy
from ats.jobs.pay import describe_pay
from ats.jobs.pay_rates import pays_real_living_wage

# get_pattern_display() and get_contract_display() build a dict of every choice on each call.
PATTERNS = dict(Vacancy.Pattern.choices)
CONTRACTS = dict(Vacancy.Contract.choices)
SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # what <slug:...> matches: reverse() leaves it as it is


def slug_url(name: str) -> Callable[[str], str]:
    """reverse(name, kwargs={"slug": slug}) for any slug, from one reverse(): a slug's characters
    are unreserved, so reverse() puts them in the URL unchanged. Anything else still goes through
    reverse() (which then refuses it, as it would have)."""
    head, _, tail = reverse(name, kwargs={"slug": "slug"}).rpartition("slug")

    def url(slug: str) -> str:
        if SLUG.fullmatch(slug):
            return f"{head}{slug}{tail}"
        return reverse(name, kwargs={"slug": slug})

    return url


def display(choices: dict, value):
    """What Model.get_FOO_display() returns for a value of a field with these (flat) choices."""
    return force_str(choices.get(value, value), strings_only=True)


def job_cards(vacancies: Iterable[Vacancy], *, on_employer_page: bool = False) -> list[dict]:
    """A card's strings for each job (with `.distance` when searched by distance)."""
    job_url = slug_url("jobs:detail")
    employer_url = slug_url("jobs:employer")
    hours_text: dict[str, str] = {}  # jobs share a few hours and closing dates: each formatted once
    closing_text: dict = {}
    cards = []
    today = timezone.localdate()
    for vacancy in vacancies:
        pay = describe_pay(vacancy)
        organisation, council = vacancy.organisation, vacancy.local_authority
        hours, closing = vacancy.hours_per_week, vacancy.closing_date
        distance = getattr(vacancy, "distance", None)
        pattern = str(display(PATTERNS, vacancy.pattern)).lower()
        if hours and (key := str(hours)) not in hours_text:
            hours_text[key] = floatformat(hours, "-1")
        if closing and closing not in closing_text:
            closing_text[closing] = date(closing, "j F Y")
        cards.append(
            {
                "url": job_url(vacancy.slug),
                "title": vacancy.title,
                "employer": organisation.name,
                "employer_url": employer_url(organisation.slug)
                if organisation.verified and not on_employer_page
                else "",
                "council": council.name if council else None,
                "pay_stated": pay.stated,
                "pay_hourly": pay.hourly,
                "pay_annual": pay.annual,
                "pay_note": pay.annual_note,
                "hours": f"{hours_text[str(hours)]} hours a week, {pattern}" if hours else pattern,
                "contract": display(CONTRACTS, vacancy.contract),
                "distance": None if distance is None else floatformat(distance, 1),
                "closing": closing_text[closing] if closing else "",
                "new_to_care": vacancy.new_to_care_welcome,
                "afc_band": vacancy.afc_band,
                "sponsorship": vacancy.visa_sponsorship,
                "real_living_wage": pays_real_living_wage(vacancy.hourly_pay_min, today),
            }
        )
    return cards
