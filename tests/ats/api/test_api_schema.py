"""The API writes exactly the portal form's vacancy fields, so a field added to the form is added
to the API (or this fails), and the form's rules are the API's."""

from ats.api.schemas import VacancyFields
from ats.jobs.forms.vacancies import VACANCY_FIELDS


def test_the_api_writes_the_portal_forms_fields():
    assert set(VacancyFields.model_fields) == set(VACANCY_FIELDS) - {"organisation"}
