"""PostgreSQL only: a covering index of live jobs for job search's one scan (see ADR 0008).

It holds every column the search reads from a live job (the keyword vector, the filter and facet
columns, the sort keys), so the scan reads this index (about 20 MB at 50,000 jobs) instead of the
whole table (70 MB, most of it text no search reads)."""

from django.db import migrations

COLUMNS = [
    "closing_date", "published_at", "search_vector", "role_id", "setting", "contract", "pattern",
    "hours_per_week", "hourly_pay_max", "organisation_kind", "afc_band", "local_authority_id",
    "driving_required", "visa_sponsorship", "new_to_care_welcome",
]  # fmt: skip


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS vacancy_live_search ON ats_vacancy (id)"
            f" INCLUDE ({', '.join(COLUMNS)}) WHERE status = 'live'"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS vacancy_live_search")


class Migration(migrations.Migration):
    dependencies = [("ats", "0015_merge_import_progress_and_organisation_kind")]

    operations = [migrations.RunPython(create_index, drop_index)]
