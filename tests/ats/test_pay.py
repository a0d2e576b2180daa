"""Pay shown in hourly and annual terms; AfC bands resolved from the pay table by financial year."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from ats.jobs.pay import afc_ranges, describe_pay, financial_year
from ats.models import AfcPayPoint, Vacancy
from tests.factories import VacancyFactory


@pytest.mark.parametrize(
    ("day", "year"),
    [
        ("2025-04-01", "2025/26"),
        ("2026-03-31", "2025/26"),
        ("2026-04-01", "2026/27"),
        ("2099-12-31", "2099/00"),
    ],
)
def test_financial_year_starts_in_april(day, year):
    assert financial_year(datetime.date.fromisoformat(day)) == year


def test_afc_band_shows_the_bands_range_from_the_pay_table_in_both_units(reference_data, client):
    vacancy = VacancyFactory(afc_band="3", pay_min=None, pay_max=None, pay_period=Vacancy.PayPeriod.YEAR)

    pay = describe_pay(vacancy)

    assert pay.annual == "£24,937 to £26,598"
    assert pay.hourly == "£12.74 to £13.59"  # annual ÷ 1,957.5 hours
    assert pay.afc == "Agenda for Change Band 3 (2025/26)"
    page = client.get(vacancy.get_absolute_url()).content.decode()
    assert "£12.74 to £13.59 an hour" in page
    assert "£24,937 to £26,598" in page


def test_night_posts_on_afc_show_the_unsocial_hours_enhancements(reference_data, client):
    vacancy = VacancyFactory(afc_band="3", pay_min=None, pattern=Vacancy.Pattern.NIGHTS)

    page = client.get(vacancy.get_absolute_url()).content.decode()

    assert "Nights and Saturdays: plus 35%, from £17.20 an hour" in page
    assert "Sundays and bank holidays: plus 69%, from £21.53 an hour" in page


def test_day_posts_do_not_show_unsocial_hours(reference_data):
    vacancy = VacancyFactory(afc_band="3", pay_min=None, pattern=Vacancy.Pattern.FULL_TIME)

    assert describe_pay(vacancy, with_unsocial=True).unsocial == []


def test_hourly_pay_is_also_given_as_a_year_for_the_posts_hours(db):
    vacancy = VacancyFactory(pay_min=Decimal("12.50"), pay_max=Decimal("13.00"), hours_per_week=Decimal("30"))

    pay = describe_pay(vacancy)

    assert pay.hourly == "£12.50 to £13.00"
    assert str(pay) == "£12.50 to £13.00 an hour (£19,575 to £20,358 a year for 30 hours a week)"


def test_annual_salary_is_also_given_per_hour(db):
    vacancy = VacancyFactory(
        pay_min=Decimal("28000"),
        pay_max=None,
        pay_period=Vacancy.PayPeriod.YEAR,
        hours_per_week=Decimal("37.5"),
    )

    assert describe_pay(vacancy).hourly == "£14.30"


def test_missing_pay_says_pay_not_stated(db, client):
    vacancy = VacancyFactory(pay_min=None, pay_max=None)

    assert str(describe_pay(vacancy)) == "Pay not stated"
    assert "Pay not stated" in client.get(vacancy.get_absolute_url()).content.decode()


def test_next_years_table_is_used_from_april_and_last_years_until_then(reference_data):
    AfcPayPoint.objects.create(
        financial_year="2026/27", band="3", point="entry", annual_salary=Decimal("25900")
    )
    AfcPayPoint.objects.create(
        financial_year="2026/27", band="3", point="top", annual_salary=Decimal("27600")
    )

    with time_machine.travel(datetime.date(2026, 3, 31)):
        assert afc_ranges()["3"].annual_min == Decimal("24937")
    with time_machine.travel(datetime.date(2026, 4, 1)):
        assert afc_ranges()["3"].annual_min == Decimal("25900")
    with time_machine.travel(datetime.date(2030, 6, 1)):  # no table yet: the latest one we have
        assert afc_ranges()["3"].financial_year == "2026/27"
