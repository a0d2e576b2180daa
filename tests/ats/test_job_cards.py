"""Job cards and facet checkboxes show what they showed when templates wrote them: the strings
ats.jobs.cards.job_cards works out, and the HTML ats.templatetags.job_lists writes from them,
give the same HTML, byte for byte, as the templates that read the vacancy itself (before session 7)
and that read the card's strings (components/job_card.html and filter_checkboxes.html, before
session 8)."""

import datetime
from decimal import Decimal

import pytest

from django.template import engines
from django.test import RequestFactory

from ats.jobs.cards import job_cards, slug_url
from ats.jobs.pay import describe_pay
from ats.jobs.search_terms import CARD_FIELDS
from ats.models import Vacancy
from tests.factories import LocalAuthorityFactory, OrganisationFactory, VacancyFactory

# components/job_card.html before the card's strings were worked out in Python (205ce8c).
READING_THE_VACANCY = """{# A job in a list. Needs `vacancy` (with .pay from describe_pay, and .distance when searched by distance). #}
<li class="job-card">
  <h3 class="job-card__title"><a href="{{ vacancy.get_absolute_url }}">{{ vacancy.title }}</a></h3>
  <p class="job-card__employer">{% if vacancy.organisation.verified and not on_employer_page %}<a href="{% url 'jobs:employer' vacancy.organisation.slug %}">{{ vacancy.organisation.name }}</a>{% else %}{{ vacancy.organisation.name }}{% endif %}{% if vacancy.local_authority %}, {{ vacancy.local_authority.name }}{% endif %}</p>
  <dl class="job-card__facts">
    <div><dt>Pay</dt><dd>{% if vacancy.pay.stated %}{{ vacancy.pay.hourly }} an hour <span class="job-card__annual">({{ vacancy.pay.annual }} a year{{ vacancy.pay.annual_note }})</span>{% else %}Pay not stated{% endif %}</dd></div>
    <div><dt>Hours</dt><dd>{% if vacancy.hours_per_week %}{{ vacancy.hours_per_week|floatformat:"-1" }} hours a week, {% endif %}{{ vacancy.get_pattern_display|lower }}</dd></div>
    <div><dt>Contract</dt><dd>{{ vacancy.get_contract_display }}</dd></div>
    {% if vacancy.distance is not None %}<div><dt>Distance</dt><dd class="job-card__distance">{{ vacancy.distance|floatformat:1 }} miles away</dd></div>{% endif %}
    {% if vacancy.closing_date %}<div><dt>Closing date</dt><dd>{{ vacancy.closing_date|date:"j F Y" }}</dd></div>{% endif %}
  </dl>
  {% if vacancy.new_to_care_welcome or vacancy.afc_band or vacancy.visa_sponsorship %}
  <ul class="job-card__tags">
    {% if vacancy.new_to_care_welcome %}<li class="tag">New to care welcome</li>{% endif %}
    {% if vacancy.afc_band %}<li class="tag">NHS Band {{ vacancy.afc_band }}</li>{% endif %}
    {% if vacancy.visa_sponsorship %}<li class="tag">Visa sponsorship</li>{% endif %}
  </ul>
  {% endif %}
</li>
"""


# components/job_card.html and components/filter_checkboxes.html before they were written in Python
# (ats.templatetags.job_lists, session 8).
CARD_TEMPLATE = """{# A job in a list. Needs `card`, one of ats.jobs.cards.job_cards(): the strings it shows. #}
<li class="job-card">
  <h3 class="job-card__title"><a href="{{ card.url }}">{{ card.title }}</a></h3>
  <p class="job-card__employer">{% if card.employer_url %}<a href="{{ card.employer_url }}">{{ card.employer }}</a>{% else %}{{ card.employer }}{% endif %}{% if card.council is not None %}, {{ card.council }}{% endif %}</p>
  <dl class="job-card__facts">
    <div><dt>Pay</dt><dd>{% if card.pay_stated %}{{ card.pay_hourly }} an hour <span class="job-card__annual">({{ card.pay_annual }} a year{{ card.pay_note }})</span>{% else %}Pay not stated{% endif %}</dd></div>
    <div><dt>Hours</dt><dd>{{ card.hours }}</dd></div>
    <div><dt>Contract</dt><dd>{{ card.contract }}</dd></div>
    {% if card.distance is not None %}<div><dt>Distance</dt><dd class="job-card__distance">{{ card.distance }} miles away</dd></div>{% endif %}
    {% if card.closing %}<div><dt>Closing date</dt><dd>{{ card.closing }}</dd></div>{% endif %}
  </dl>
  {% if card.new_to_care or card.afc_band or card.sponsorship %}
  <ul class="job-card__tags">
    {% if card.new_to_care %}<li class="tag">New to care welcome</li>{% endif %}
    {% if card.afc_band %}<li class="tag">NHS Band {{ card.afc_band }}</li>{% endif %}
    {% if card.sponsorship %}<li class="tag">Visa sponsorship</li>{% endif %}
  </ul>
  {% endif %}
</li>
"""
CHECKBOXES_TEMPLATE = """{# A GOV.UK-style checkbox fieldset for one facet. Needs `name`, `legend`, `options` (dicts from ats.jobs.views.jobs.checkboxes). #}
{% if options %}
<fieldset class="filter-group">
  <legend class="filter-group__legend">{{ legend }}</legend>
  {% for option in options %}
  <div class="checkbox">
    <input class="checkbox__input" type="checkbox" id="{{ option.id }}" name="{{ name }}" value="{{ option.value }}"{% if option.selected %} checked{% endif %}>
    <label class="checkbox__label" for="{{ option.id }}">{{ option.label }} <span class="filter-count">({{ option.count }})</span></label>
  </div>
  {% endfor %}
</fieldset>
{% endif %}
"""


def _varied_jobs() -> list[Vacancy]:
    council = LocalAuthorityFactory(name="Tees & <Wear>", slug="tees-and-wear")
    unverified = OrganisationFactory(name="Smith & Sons <Care>", verified=False)
    kinds = [
        {},
        {"organisation": unverified, "title": 'Carer "nights" & <weekends>'},
        {"hours_per_week": None, "pattern": Vacancy.Pattern.NIGHTS, "closing_date": None},
        {"hours_per_week": Decimal("16.25"), "contract": Vacancy.Contract.BANK, "new_to_care_welcome": True},
        {"hours_per_week": Decimal("30.0"), "visa_sponsorship": True, "pay_min": None, "pay_max": None},
        {"pay_period": Vacancy.PayPeriod.YEAR, "pay_min": Decimal("24000"), "pay_max": Decimal("26500.5")},
        {"afc_band": "4", "pay_min": None, "pay_max": None, "pay_period": Vacancy.PayPeriod.YEAR},
        {"hours_per_week": Decimal("0.5"), "closing_date": datetime.date(2030, 1, 9)},
    ]
    jobs = [VacancyFactory(**kind) for kind in kinds]
    Vacancy.objects.filter(pk=jobs[0].pk).update(local_authority=council)
    Vacancy.objects.filter(pk=jobs[2].pk).update(local_authority=None)
    loaded = {
        job.pk: job
        for job in Vacancy.objects.select_related("organisation", "local_authority")
        .only(*CARD_FIELDS)
        .filter(pk__in=[j.pk for j in jobs])
    }
    return [loaded[job.pk] for job in jobs]


@pytest.mark.parametrize("on_employer_page", [False, True])
def test_a_job_card_shows_the_same_html_as_when_it_read_the_vacancy(db, reference_data, on_employer_page):
    jobs = _varied_jobs()
    distances = [None, 0.0, 0.05, 0.25, 1.15, 2.449999, 12.35, 149.95]
    for job, distance in zip(jobs, distances, strict=True):
        job.distance = distance
    engine = engines["django"]
    before = engine.from_string(READING_THE_VACANCY)
    card_template = engine.from_string(CARD_TEMPLATE)
    request = RequestFactory().get("/jobs/")
    cards = job_cards(jobs, on_employer_page=on_employer_page)
    for job, card in zip(jobs, cards, strict=True):
        job.pay = describe_pay(job)
        expected = before.render({"vacancy": job, "on_employer_page": on_employer_page}, request)
        assert card_template.render({"card": card}, request) == expected
    listed = engine.from_string("{% load job_lists %}<ul>{% job_cards cards %}</ul>")
    included = engine.from_string(
        '<ul>{% for card in cards %}{% include "card" %}{% endfor %}</ul>'.replace(
            '{% include "card" %}', CARD_TEMPLATE
        )
    )
    html = listed.render({"cards": cards}, request)
    assert html == included.render({"cards": cards}, request)
    assert html.count('<li class="job-card">') == len(jobs)
    assert "Carer &quot;nights&quot; &amp; &lt;weekends&gt;" in html
    assert "Smith &amp; Sons &lt;Care&gt;" in html


@pytest.mark.parametrize(
    "options",
    [
        [],
        [
            {
                "id": "f-role-1",
                "value": "care-worker",
                "label": "Care worker",
                "count": 1234,
                "selected": False,
            }
        ],
        [
            {"id": "f-kind-1", "value": "a&b", "label": 'Tees & "Wear" <x>', "count": 0, "selected": True},
            {
                "id": "f-kind-2",
                "value": "nhs_trust",
                "label": "NHS (Agenda for Change pay)",
                "count": 7,
                "selected": False,
            },
            {"id": "f-kind-3", "value": "3", "label": "Other", "count": 12, "selected": True},
        ],
    ],
)
def test_facet_checkboxes_show_the_same_html_as_the_template_did(options):
    engine = engines["django"]
    written = engine.from_string('{% load job_lists %}{% filter_checkboxes "kind" "Employer" options %}')
    template = engine.from_string(CHECKBOXES_TEMPLATE)
    expected = template.render({"name": "kind", "legend": "Employer", "options": options})
    html = written.render({"options": options})
    assert html == expected
    assert html.count('type="checkbox"') == len(options)
    assert html.count(" checked") == sum(o["selected"] for o in options)


def test_card_links_are_what_reverse_gives():
    job_url = slug_url("jobs:detail")
    employer_url = slug_url("jobs:employer")
    for slug in ["care-assistant-1", "a", "Senior_Carer-2", "x" * 200]:
        assert job_url(slug) == Vacancy(slug=slug).get_absolute_url()
        assert employer_url(slug) == f"/jobs/employers/{slug}/"
