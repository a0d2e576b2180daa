import django.db.models.deletion
from django.db import migrations, models

# Only the index goes: AlterField alone would also drop and re-add the foreign key, which checks
# every delivery again under a lock.
INDEX = "ats_alertdelivery_alert_id_6f739cd9"


class Migration(migrations.Migration):
    dependencies = [
        ("ats", "0016_vacancy_live_search_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="alertdelivery",
                    name="alert",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deliveries",
                        to="ats.jobalert",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {INDEX}",
                    f"CREATE INDEX {INDEX} ON ats_alertdelivery (alert_id)",
                ),
            ],
        ),
    ]
