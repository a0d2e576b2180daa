"""Migration 0003 granted the collection permissions of `cms.CustomImage`, but Wagtail checks image
permissions against `wagtailimages.Image`, so nobody in the marketing groups could upload an image.

Moderators get what 0003 meant: add, change and choose images anywhere. Editors keep choosing
images anywhere and add images in their campaigns' collections (`campaign.collections`, used by
seed_demo), so each campaign's pictures stay together.

Moderators also edit Settings > Navigation (header, footer and social links). Editors do not: a
settings change goes live at once, without the approval step their page changes need.
"""

from django.db import migrations

MODERATORS = "Marketing moderators"
EDITORS = "Marketing editors"


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="wagtailimages", model="image")
    grants = {MODERATORS: ("add", "change", "choose"), EDITORS: ("choose",)}
    for name, actions in grants.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=f"{action}_image", defaults={"name": f"Can {action} image"}
            )
            GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=permission)
    moderators = Group.objects.filter(name=MODERATORS).first()
    if moderators is not None:
        settings_type, _ = ContentType.objects.get_or_create(app_label="cms", model="navigationsettings")
        permission, _ = Permission.objects.get_or_create(
            content_type=settings_type,
            codename="change_navigationsettings",
            defaults={"name": "Can change navigation"},
        )
        moderators.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0004_academy_register_interest_form"),
        ("wagtailimages", "0027_image_description"),
        ("cms", "0004_navigation_and_banner"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
