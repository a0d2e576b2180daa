"""Vacancy.organisation_kind: the employer's kind copied onto each vacancy (kept by refresh_vacancies),
so job search filters and counts by employer kind without joining the organisation table."""

from django.db import migrations, models


def copy_kinds(apps, schema_editor):
    Vacancy = apps.get_model("ats", "Vacancy")
    Organisation = apps.get_model("ats", "Organisation")
    kind = Organisation.objects.filter(pk=models.OuterRef("organisation_id")).values("kind")[:1]
    Vacancy.objects.update(organisation_kind=models.Subquery(kind))


class Migration(migrations.Migration):
    dependencies = [
        ("ats", "0013_merge_vacancy_import"),
    ]

    operations = [
        migrations.AddField(
            model_name="vacancy",
            name="organisation_kind",
            field=models.CharField(
                blank=True,
                choices=[
                    ("academy", "Care academy"),
                    ("council_service", "Council in-house service"),
                    ("provider", "Independent provider"),
                    ("voluntary", "Voluntary sector"),
                    ("nhs_trust", "NHS trust"),
                ],
                editable=False,
                help_text="The employer's kind, copied so search filters and counts by it without a join.",
                max_length=20,
            ),
        ),
        migrations.RunPython(copy_kinds, migrations.RunPython.noop),
    ]
