"""A vacancy's number of points and its facets as two generated numbers, and on PostgreSQL the
covering indexes of live jobs that job search reads (see ADR 0008).

Most jobs have one point (one site), and then the vacancy's own latitude and longitude are that
point: a search tests it on the job's row, reading `vacancy_live_single` (keyed by the point, so a
search reads only the jobs in its latitude band) instead of joining every job to its points. Jobs
with several points (multi-site posts, area posts' council centroids) keep the join, over
`vacancy_live_multi`; a job with none is never within a distance. Searches without a place read
`vacancy_live_search` (migration 0016), rebuilt here with the generated facet columns, which all
three include: search groups by them instead of eight columns.

Counting the points writes every vacancy row again; adding the generated columns afterwards rewrites
the table, and with it every index, so none is left twice its size."""

import django.db.models.expressions
from django.db import migrations, models
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce

OLD_COLUMNS = [
    "closing_date", "published_at", "search_vector", "role_id", "setting", "contract", "pattern",
    "hours_per_week", "hourly_pay_max", "organisation_kind", "afc_band", "local_authority_id",
    "driving_required", "visa_sponsorship", "new_to_care_welcome",
]  # fmt: skip
COLUMNS = [*OLD_COLUMNS, "facets_a", "facets_b"]
INDEXES = {
    "vacancy_live_search": f"(id) INCLUDE ({', '.join(COLUMNS)}) WHERE status = 'live'",
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
        schema_editor.execute("DROP INDEX IF EXISTS vacancy_live_search")
        for name, definition in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON ats_vacancy {definition}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.execute(
            "CREATE INDEX vacancy_live_search ON ats_vacancy (id)"
            f" INCLUDE ({', '.join(OLD_COLUMNS)}) WHERE status = 'live'"
        )


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
        # Generated columns: adding them rewrites the table, which also rebuilds every index
        # without the row versions counting the points left behind.
        migrations.AddField(
            model_name="vacancy",
            name="facets_a",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.expressions.CombinedExpression(
                    django.db.models.expressions.CombinedExpression(
                        django.db.models.expressions.CombinedExpression(
                            django.db.models.expressions.CombinedExpression(
                                models.Case(
                                    models.When(setting="home_care", then=models.Value(0)),
                                    models.When(setting="residential", then=models.Value(1)),
                                    models.When(setting="nursing", then=models.Value(2)),
                                    models.When(setting="supported_living", then=models.Value(3)),
                                    models.When(setting="day_services", then=models.Value(4)),
                                    models.When(setting="extra_care", then=models.Value(5)),
                                    models.When(setting="reablement", then=models.Value(6)),
                                    models.When(setting="hospital", then=models.Value(7)),
                                    default=models.Value(8),
                                ),
                                "*",
                                models.Value(5),
                            ),
                            "+",
                            models.Case(
                                models.When(contract="permanent", then=models.Value(0)),
                                models.When(contract="fixed_term", then=models.Value(1)),
                                models.When(contract="bank", then=models.Value(2)),
                                models.When(contract="zero_hours", then=models.Value(3)),
                                default=models.Value(4),
                            ),
                        ),
                        "*",
                        models.Value(6),
                    ),
                    "+",
                    models.Case(
                        models.When(pattern="full_time", then=models.Value(0)),
                        models.When(pattern="part_time", then=models.Value(1)),
                        models.When(pattern="nights", then=models.Value(2)),
                        models.When(pattern="weekends", then=models.Value(3)),
                        models.When(pattern="flexible", then=models.Value(4)),
                        default=models.Value(5),
                    ),
                ),
                output_field=models.PositiveSmallIntegerField(),
            ),
        ),
        migrations.AddField(
            model_name="vacancy",
            name="facets_b",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.expressions.CombinedExpression(
                    django.db.models.expressions.CombinedExpression(
                        django.db.models.expressions.CombinedExpression(
                            django.db.models.expressions.CombinedExpression(
                                django.db.models.expressions.CombinedExpression(
                                    django.db.models.expressions.CombinedExpression(
                                        django.db.models.expressions.CombinedExpression(
                                            django.db.models.expressions.CombinedExpression(
                                                models.Case(
                                                    models.When(
                                                        organisation_kind="academy", then=models.Value(0)
                                                    ),
                                                    models.When(
                                                        organisation_kind="council_service",
                                                        then=models.Value(1),
                                                    ),
                                                    models.When(
                                                        organisation_kind="provider", then=models.Value(2)
                                                    ),
                                                    models.When(
                                                        organisation_kind="voluntary", then=models.Value(3)
                                                    ),
                                                    models.When(
                                                        organisation_kind="nhs_trust", then=models.Value(4)
                                                    ),
                                                    default=models.Value(5),
                                                ),
                                                "*",
                                                models.Value(2),
                                            ),
                                            "+",
                                            models.Case(
                                                models.When(afc_band="", then=models.Value(0)),
                                                default=models.Value(1),
                                            ),
                                        ),
                                        "*",
                                        models.Value(3),
                                    ),
                                    "+",
                                    models.Case(
                                        models.When(driving_required=False, then=models.Value(0)),
                                        models.When(driving_required=True, then=models.Value(1)),
                                        default=models.Value(2),
                                    ),
                                ),
                                "*",
                                models.Value(3),
                            ),
                            "+",
                            models.Case(
                                models.When(then=models.Value(0), visa_sponsorship=False),
                                models.When(then=models.Value(1), visa_sponsorship=True),
                                default=models.Value(2),
                            ),
                        ),
                        "*",
                        models.Value(3),
                    ),
                    "+",
                    models.Case(
                        models.When(new_to_care_welcome=False, then=models.Value(0)),
                        models.When(new_to_care_welcome=True, then=models.Value(1)),
                        default=models.Value(2),
                    ),
                ),
                output_field=models.PositiveSmallIntegerField(),
            ),
        ),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
