"""A vacancy's second and third points on its row, so job search tests a job with two or three points
there, as it does a job with one, instead of joining the job to its points (see ADR 0008).

Fills them from VacancyPoint (in order; the first point is the row's latitude and longitude, set
again here for any job written otherwise) and, on PostgreSQL, rebuilds `vacancy_live_multi`, the
covering index of live jobs with several points, to include all three points and their count.

At 50,000 jobs (some 7,000 with several points): adding the columns takes a moment's table lock,
held with the rest until the migration commits: 1-2 s in all (the update of those rows and the
index rebuild; reads of the table wait too). The updated rows leave their old versions for
autovacuum, and until it runs index-only scans visit those pages of the table."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

COLUMNS = [
    "closing_date", "published_at", "search_vector", "role_id", "setting", "contract", "pattern",
    "hours_per_week", "hourly_pay_max", "organisation_kind", "afc_band", "local_authority_id",
    "driving_required", "visa_sponsorship", "new_to_care_welcome", "facets_a", "facets_b",
]  # fmt: skip
POINTS = ["latitude", "longitude", "latitude_2", "longitude_2", "latitude_3", "longitude_3"]
# With its points the index holds their count: only a job with more than three runs the semi-join,
# and a column the scan reads but the index lacks would send PostgreSQL to the table.
ON_ROW = [*POINTS, "point_count"]
MULTI = "WHERE status = 'live' AND point_count > 1"


def copy_points(apps, schema_editor):
    Vacancy = apps.get_model("ats", "Vacancy")
    VacancyPoint = apps.get_model("ats", "VacancyPoint")
    points = VacancyPoint.objects.filter(vacancy=OuterRef("pk")).order_by("pk")
    update = {}
    for n, (latitude, longitude) in enumerate(zip(POINTS[::2], POINTS[1::2], strict=True)):
        update[latitude] = Subquery(points.values("latitude")[n : n + 1])
        update[longitude] = Subquery(points.values("longitude")[n : n + 1])
    Vacancy.objects.filter(point_count__gt=1).update(**update)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS vacancy_live_multi")
        schema_editor.execute(
            f"CREATE INDEX vacancy_live_multi ON ats_vacancy (id) INCLUDE ({', '.join(COLUMNS + ON_ROW)}) {MULTI}"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS vacancy_live_multi")
        schema_editor.execute(
            f"CREATE INDEX vacancy_live_multi ON ats_vacancy (id) INCLUDE ({', '.join(COLUMNS)}) {MULTI}"
        )


class Migration(migrations.Migration):
    dependencies = [("ats", "0019_routing_rule_age_help")]

    operations = [
        migrations.AddField(
            model_name="vacancy",
            name="latitude_2",
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="vacancy",
            name="latitude_3",
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="vacancy",
            name="longitude_2",
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="vacancy",
            name="longitude_3",
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(copy_points, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]
