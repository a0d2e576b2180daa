"""`manage.py load_bank_holidays`: the shipped England and Wales dates, and a bad file refused."""

import io

import pytest

from django.core.management import CommandError, call_command

from ats.models import BankHoliday

pytestmark = pytest.mark.django_db


def test_command_loads_the_shipped_dates_and_is_safe_to_run_again():
    out = io.StringIO()
    call_command("load_bank_holidays", stdout=out)
    assert "32 added" in out.getvalue()
    assert str(BankHoliday.objects.get(date="2026-12-28")) == "Boxing Day (substitute day), 28 December 2026"

    again = io.StringIO()
    call_command("load_bank_holidays", stdout=again)
    assert "0 added, 0 renamed" in again.getvalue()
    assert BankHoliday.objects.count() == 32


def test_a_bad_date_is_named_by_line_and_nothing_is_loaded(tmp_path):
    path = tmp_path / "holidays.csv"
    path.write_text("date,name\n2027-01-01,New Year's Day\n2027-02-30,Not a day\n")

    with pytest.raises(CommandError, match=r"line 3: '2027-02-30' is not a date like 2026-12-25"):
        call_command("load_bank_holidays", file=str(path), stdout=io.StringIO())
    assert BankHoliday.objects.count() == 0


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_bank_holidays", file=str(tmp_path / "nope.csv"), stdout=io.StringIO())
