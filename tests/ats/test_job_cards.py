"""Job cards and facet checkboxes as a jobseeker reads them: the strings ats.jobs.cards.job_cards
works out, shown by components/job_card.html, and a facet's checkboxes by
components/filter_checkboxes.html."""

import datetime
from decimal import Decimal

from django.template.loader import render_to_string

from ats.jobs.cards import job_cards, slug_url
from ats.jobs.search_terms import CARD_FIELDS
from ats.models import Vacancy
from tests.factories import LocalAuthorityFactory, OrganisationFactory, VacancyFactory
from tests.page_html import parse


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


def _cards_as_shown(cards: list[dict]):
    html = (
        render_to_string("components/job_card_list.html", {"cards": cards})
        if False
        else "".join(render_to_string("components/job_card.html", {"card": card}) for card in cards)
    )
    return parse(html).find_all("li", "job-card")


def test_a_job_card_shows_the_job_its_employer_pay_hours_and_tags(db, reference_data):
    jobs = _varied_jobs()
    distances = [None, 0.0, 0.05, 0.25, 1.15, 2.449999, 12.35, 149.95]
    for job, distance in zip(jobs, distances, strict=True):
        job.distance = distance

    shown = _cards_as_shown(job_cards(jobs))

    first, unverified, nights, bank, unpaid, yearly, nhs, tiny = shown
    facts = dict(zip(first.texts("dt"), first.texts("dd"), strict=True))
    employer = jobs[0].organisation
    assert first.one("h3").links() == [("Care assistant", jobs[0].get_absolute_url())]
    assert first.one("p", "job-card__employer").text == f"{employer.name}, Tees & <Wear>"
    assert first.one("p", "job-card__employer").link(employer.name) == f"/jobs/employers/{employer.slug}/"
    assert list(facts) == ["Pay", "Hours", "Contract", "Closing date"]  # not searched by distance
    assert facts["Pay"] == "£12.60 to £13.20 an hour (£24,665 to £25,839 a year for 37.5 hours a week)"
    assert facts["Hours"] == "37.5 hours a week, full time"
    assert first.find("ul", "job-card__tags") is None
    # Editor-entered names are text, and an unverified employer has no profile to link to.
    assert unverified.one("h3").text == 'Carer "nights" & <weekends>'
    assert unverified.one("p", "job-card__employer").text == "Smith & Sons <Care>"
    assert unverified.one("p", "job-card__employer").links() == []
    assert nights.texts("dt") == ["Pay", "Hours", "Contract", "Distance"]  # no closing date
    assert nights.texts("dd")[1:] == ["nights", "Permanent", "0.1 miles away"]
    assert bank.texts("li", "tag") == ["New to care welcome"]
    assert unpaid.texts("dd")[0] == "Pay not stated"
    assert unpaid.texts("li", "tag") == ["Visa sponsorship"]
    assert yearly.texts("dd")[0] == "£12.26 to £13.54 an hour (£24,000 to £26,500 a year)"
    # Band 4 starts above the real Living Wage (ats/data/pay_rates.csv): it carries the badge.
    assert nhs.texts("li", "tag") == ["Real Living Wage", "NHS Band 4"]
    assert first.find("ul", "job-card__tags") is None  # £12.60 an hour is below it
    assert tiny.texts("dd")[-2:] == ["150.0 miles away", "9 January 2030"]


def test_on_an_employers_own_page_its_name_is_not_a_link(db, reference_data):
    jobs = _varied_jobs()

    shown = _cards_as_shown(job_cards(jobs, on_employer_page=True))

    assert all(card.one("p", "job-card__employer").links() == [] for card in shown)


def test_facet_checkboxes_are_a_labelled_fieldset_keeping_the_choices(db):
    options = [
        {"id": "f-kind-1", "value": "a&b", "label": 'Tees & "Wear" <x>', "count": 0, "selected": True},
        {"id": "f-kind-2", "value": "nhs_trust", "label": "NHS", "count": 7, "selected": False},
    ]

    html = render_to_string(
        "components/filter_checkboxes.html", {"name": "kind", "legend": "Employer", "options": options}
    )
    fieldset = parse(html).one("fieldset")

    assert fieldset.one("legend").text == "Employer"
    boxes = fieldset.find_all("input", type="checkbox")
    assert [(box.get("name"), box.get("value"), "checked" in box.attrs) for box in boxes] == [
        ("kind", "a&b", True),
        ("kind", "nhs_trust", False),
    ]
    assert [fieldset.one("label", for_=box.get("id")).text for box in boxes] == [
        'Tees & "Wear" <x> (0)',
        "NHS (7)",
    ]
    assert (
        render_to_string("components/filter_checkboxes.html", {"name": "kind", "options": []}).strip() == ""
    )


def test_card_links_are_what_reverse_gives():
    job_url = slug_url("jobs:detail")
    employer_url = slug_url("jobs:employer")
    for slug in ["care-assistant-1", "a", "Senior_Carer-2", "x" * 200]:
        assert job_url(slug) == Vacancy(slug=slug).get_absolute_url()
        assert employer_url(slug) == f"/jobs/employers/{slug}/"
