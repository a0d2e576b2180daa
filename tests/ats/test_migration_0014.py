"""Migration 0014 copies each employer's kind onto its vacancies, so existing jobs filter by employer."""

import importlib

from django.apps import apps

from ats.models import Vacancy
from tests.factories import OrganisationFactory, VacancyFactory

migration = importlib.import_module("ats.migrations.0014_vacancy_organisation_kind")


def test_existing_vacancies_get_their_employers_kind(db, client):
    charity_job = VacancyFactory(organisation=OrganisationFactory(kind="voluntary"))
    nhs_job = VacancyFactory(organisation=OrganisationFactory(nhs=True))
    Vacancy.objects.update(organisation_kind="")  # as they were before the column existed

    migration.copy_kinds(apps, None)

    assert Vacancy.objects.get(pk=charity_job.pk).organisation_kind == "voluntary"
    assert Vacancy.objects.get(pk=nhs_job.pk).organisation_kind == "nhs_trust"
    assert "1 job" in client.get("/jobs/", {"kind": "voluntary"}).content.decode()
