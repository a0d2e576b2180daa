"""What a campaign team does every week, without asking a developer (issue 29, ADR 0019).

Both marketing groups edit Settings > Navigation (header, footer and social links), the campaign
banners and the redirects; each edit is in Reports > Site history with who made it. Editors also
change (not only add) the images and documents in their campaigns' collections; moderators delete
images and documents anywhere. Pages (events, stories, landing pages...) keep the approval step.
Organisations, routing, enquiries, event registrations and users stay out of reach: neither group
gets any permission on them.
"""

from django.db import migrations

EDITORS = "Marketing editors"
MODERATORS = "Marketing moderators"
GROUP_PERMISSIONS = [
    ("cms", "navigationsettings", "change"),
    ("cms", "campaignbanner", "add"),
    ("cms", "campaignbanner", "change"),
    ("cms", "campaignbanner", "delete"),
    ("wagtailredirects", "redirect", "add"),
    ("wagtailredirects", "redirect", "change"),
    ("wagtailredirects", "redirect", "delete"),
]
MEDIA = [("wagtailimages", "image"), ("wagtaildocs", "document")]


def _permission(apps, app_label, model, action):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=f"{action}_{model}", defaults={"name": f"Can {action} {model}"}
    )
    return permission


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    groups = {group.name: group for group in Group.objects.filter(name__in=[EDITORS, MODERATORS])}
    for group in groups.values():
        group.permissions.add(*[_permission(apps, *spec) for spec in GROUP_PERMISSIONS])
    # Editors change what is in the collections they may add to (their campaigns' collections).
    editors = groups.get(EDITORS)
    if editors is not None:
        for app_label, model in MEDIA:
            add = _permission(apps, app_label, model, "add")
            change = _permission(apps, app_label, model, "change")
            for grant_row in GroupCollectionPermission.objects.filter(group=editors, permission=add):
                GroupCollectionPermission.objects.get_or_create(
                    group=editors, collection_id=grant_row.collection_id, permission=change
                )
    moderators = groups.get(MODERATORS)
    root = Collection.objects.filter(depth=1).first()
    if moderators is not None and root is not None:
        for app_label, model in MEDIA:
            for action in ("add", "change", "choose", "delete"):
                GroupCollectionPermission.objects.get_or_create(
                    group=moderators, collection=root, permission=_permission(apps, app_label, model, action)
                )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    for group in Group.objects.filter(name__in=[EDITORS, MODERATORS]):
        group.permissions.remove(*[_permission(apps, *spec) for spec in GROUP_PERMISSIONS])
    GroupCollectionPermission.objects.filter(
        group__name=EDITORS, permission__codename__in=["change_image", "change_document"]
    ).delete()
    GroupCollectionPermission.objects.filter(
        group__name=MODERATORS, permission__codename__in=["delete_image", "delete_document"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0007_link_fields_refuse_unsafe_schemes"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("cms", "0009_outbox_idempotent_delivery"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
