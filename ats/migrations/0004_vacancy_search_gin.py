"""PostgreSQL only: the GIN index behind job search's full-text match. SQLite has no tsvector search."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS vacancy_search_vector_gin ON ats_vacancy USING gin (search_vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS vacancy_search_vector_gin")


class Migration(migrations.Migration):
    dependencies = [("ats", "0003_vacancy_details_search_alerts")]

    operations = [migrations.RunPython(create_index, drop_index)]
