"""Bulk CSV import: checked row by row, problems named by row and column, all or nothing."""

import datetime
import io

import pytest

from django.core.management import CommandError, call_command

from ats.jobs.imports import import_vacancies
from ats.models import Vacancy
from tests.factories import OrganisationFactory, RoleFactory

FUTURE = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
HEADER = "title,setting,location_postcode,location_name,closing_date,role,hours_per_week,pay_min,pay_max,benefits,driving_required\n"


def csv_text(*rows: str) -> io.StringIO:
    return io.StringIO(HEADER + "".join(row + "\n" for row in rows))


@pytest.fixture
def provider(reference_data):
    RoleFactory(name="Care worker")
    return OrganisationFactory(name="Many Homes Ltd")


def test_good_file_creates_every_vacancy_at_each_site(provider):
    result = import_vacancies(
        csv_text(
            f"Care assistant,residential,ne1 4st,Elm House,{FUTURE},Care worker,37.5,12.60,13.00,paid_training;mileage,no",
            f"Night carer,nursing,SR1 3SD,Oak House,{FUTURE},care-worker,36,13.10,,,yes",
            f"Care assistant,residential,NE1 4ST,Elm House,{FUTURE},,30,12.60,13.00,,",
        ),
        organisation=provider,
    )

    assert result.ok, result.errors
    assert Vacancy.objects.filter(status=Vacancy.Status.LIVE).count() == 3
    assert provider.locations.count() == 2  # the same postcode is one site
    first = Vacancy.objects.get(slug="care-assistant-many-homes-ltd")
    assert first.benefits == ["paid_training", "mileage"]
    assert first.local_authority.name == "Newcastle upon Tyne"
    assert first.latitude is not None and first.hourly_pay_min is not None
    assert Vacancy.objects.filter(slug="care-assistant-many-homes-ltd-2").exists()


def test_one_bad_row_imports_nothing_and_names_the_row_and_column(provider):
    result = import_vacancies(
        csv_text(
            f"Care assistant,residential,NE1 4ST,Elm House,{FUTURE},,37.5,12.60,13.00,,",
            f"Night carer,castle,NE1 4ST,Elm House,{FUTURE},,36,13.10,,,",
            "Cook,residential,not a postcode,Elm House,2001-01-01,Chef,36,13.10,12.00,gold_watch,maybe",
        ),
        organisation=provider,
    )

    assert not result.ok
    assert Vacancy.objects.count() == 0 and provider.locations.count() == 0
    messages = [str(error) for error in result.errors]
    assert (
        "Row 3, setting: “castle” is not one we know. Use one of: home_care, residential, nursing,"
        in " ".join(messages)
    )
    assert "Row 4, location_postcode: Enter a real postcode, like NE1 4ST" in messages
    assert "Row 4, closing_date: The closing date must be today or later." in messages
    assert any(m.startswith("Row 4, role: “Chef” is not a job role we know") for m in messages)
    assert "Row 4, pay_max: pay_max must be the same as or more than pay_min." in messages
    assert any(m.startswith("Row 4, benefits: Unknown benefit gold_watch") for m in messages)
    assert "Row 4, driving_required: Enter yes or no." in messages
    assert not any(m.startswith("Row 2") for m in messages)


def test_missing_and_unknown_columns_are_named(provider):
    result = import_vacancies(io.StringIO("title,salary\nCarer,12\n"), organisation=provider)

    assert [str(e) for e in result.errors] == [
        "Row 1, setting, location_postcode, closing_date: Missing column. The header row must include it.",
        "Row 1, salary: Unknown column. Check the spelling.",
    ]


def test_command_imports_with_progress_and_refuses_a_bad_file(provider, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(csv_text(f"Carer,residential,NE1 4ST,Elm,{FUTURE},,37.5,12.60,13.00,,").getvalue())
    bad = tmp_path / "bad.csv"
    bad.write_text(csv_text(f"Carer,residential,XX,Elm,{FUTURE},,37.5,12.60,13.00,,").getvalue())
    out = io.StringIO()

    call_command("import_vacancies", str(good), organisation=provider.slug, dry_run=True, stdout=out)
    assert "1 vacancies would be imported. Nothing saved." in out.getvalue()
    assert Vacancy.objects.count() == 0

    call_command("import_vacancies", str(good), organisation=provider.slug, stdout=out)
    assert "checking" in out.getvalue() and "Imported 1 vacancies" in out.getvalue()

    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported: 1 problem"):
        call_command("import_vacancies", str(bad), organisation=provider.slug, stdout=out, stderr=err)
    assert "Row 2, location_postcode: Enter a real postcode, like NE1 4ST" in err.getvalue()
    assert Vacancy.objects.count() == 1
