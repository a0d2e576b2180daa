"""A vacancy's number of points, and on PostgreSQL two covering indexes of live jobs for searches
with a place (see ADR 0008).

Most jobs have one point (one site), and then the vacancy's own latitude and longitude are that
point: a search tests it on the job's row, reading `vacancy_live_single` (keyed by the point, so a
search reads only the jobs in its latitude band) instead of joining every job to its points. Jobs
with several points (multi-site posts, area posts' council centroids) keep the join, over
`vacancy_live_multi`; a job with none is never within a distance. Both hold the columns
`vacancy_live_search` (migration 0016) holds, which searches without a place still read.

Counting the points writes every vacancy row again, which leaves the table's other indexes (and
`vacancy_live_search`) about twice their size until rebuilt: `REINDEX INDEX CONCURRENTLY
vacancy_live_search` after migrating (not here: inside the migration's transaction the old row
versions are still indexed)."""

from django.db import migrations, models
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce

COLUMNS = [
    "closing_date", "published_at", "search_vector", "role_id", "setting", "contract", "pattern",
    "hours_per_week", "hourly_pay_max", "organisation_kind", "afc_band", "local_authority_id",
    "driving_required", "visa_sponsorship", "new_to_care_welcome",
]  # fmt: skip
INDEXES = {
    "vacancy_live_single": f"(latitude, longitude) INCLUDE (id, {', '.join(COLUMNS)})"
    " WHERE status = 'live' AND point_count = 1",
    "vacancy_live_multi": f"(id) INCLUDE ({', '.join(COLUMNS)}) WHERE status = 'live' AND point_count > 1",
}


def count_points(apps, schema_editor):
    Vacancy = apps.get_model("ats", "Vacancy")
    VacancyPoint = apps.get_model("ats", "VacancyPoint")
    points = VacancyPoint.objects.filter(vacancy=OuterRef("pk")).order_by().values("vacancy")
    Vacancy.objects.update(point_count=Coalesce(Subquery(points.annotate(n=Count("pk")).values("n")), 0))
    # refresh_vacancies writes the first point as the vacancy's latitude and longitude; say so for
    # any one-point job written otherwise, since search reads a one-point job's place from its row.
    only = VacancyPoint.objects.filter(vacancy=OuterRef("pk"))
    elsewhere = only.exclude(latitude=OuterRef("latitude"), longitude=OuterRef("longitude"))
    Vacancy.objects.filter(Exists(elsewhere), point_count=1).update(
        latitude=Subquery(only.values("latitude")[:1]), longitude=Subquery(only.values("longitude")[:1])
    )


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON ats_vacancy {definition}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("ats", "0017_alertdelivery_alert_index_in_unique")]

    operations = [
        migrations.AddField(
            model_name="vacancy",
            name="point_count",
            field=models.PositiveSmallIntegerField(
                default=0,
                editable=False,
                help_text="How many points (VacancyPoint) distance is measured from. With one, latitude"
                " and longitude are that point, so search tests it on the job's own row.",
            ),
        ),
        migrations.RunPython(count_points, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
