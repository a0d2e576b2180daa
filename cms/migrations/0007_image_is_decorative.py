"""The image's 'decorative' tick is stored as `is_decorative` (the same column, renamed): Wagtail's
image class sets an attribute named `decorative` to False whenever an image is made, so the tick
was never read back. Renaming a column is quick on PostgreSQL; SQLite rebuilds the images table."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0006_outbox_parts"),
    ]

    operations = [
        migrations.RenameField(model_name="customimage", old_name="decorative", new_name="is_decorative"),
        migrations.AlterField(
            model_name="customimage",
            name="is_decorative",
            field=models.BooleanField(
                default=False,
                help_text="Tick if the image adds nothing a screen reader user needs; it will get empty alt text.",
                verbose_name="decorative",
            ),
        ),
    ]
