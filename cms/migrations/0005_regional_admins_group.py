"""The "Regional admins" group: the people who run the regional service (ats.organisations.permissions.is_regional_admin).

Its members use the Wagtail admin for employers, places, pay, vacancies, alerts and routing, and see
every organisation in the recruiter portal. Created here so every environment (and the test database)
has it; a superuser adds people to it in Settings > Groups.
"""

from django.db import migrations

GROUP = "Regional admins"
ACTIONS = ("add", "change", "delete", "view")
# The ats models with Wagtail admin screens (ats/wagtail_hooks.py, ats/routing/admin.py).
MODELS = (
    "organisation", "location", "localauthority", "postcodedistrict", "afcpaypoint", "afcunsocialhours",
    "role", "vacancy", "screeningquestion", "jobalert", "routingrule", "routingcapacity",
    "routingdecision", "enquiry", "cohort", "referral", "bankholiday",
)  # fmt: skip


def _perm(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(_perm(apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"))
    for model in MODELS:
        verbose = apps.get_model("ats", model)._meta.verbose_name
        for action in ACTIONS:
            group.permissions.add(_perm(apps, "ats", model, f"{action}_{model}", f"Can {action} {verbose}"))


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_navigation_and_banner"),
        ("ats", "0013_merge_vacancy_import"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
