"""Marketing editors and moderators, and the 'Campaign approval' workflow on the whole page tree.

Editors draft and submit pages; moderators approve (which publishes) or request changes. Both can
manage images and documents. Created here so every environment (and the test database) has them.
"""

from django.db import migrations

EDITORS = "Marketing editors"
MODERATORS = "Marketing moderators"
WORKFLOW = "Campaign approval"
TASK = "Marketing moderator approval"


def _perm(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def create_groups_and_workflow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")

    access_admin = _perm(apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")
    page_perms = {
        code: _perm(apps, "wagtailcore", "page", f"{code}_page", f"Can {code} page")
        for code in ("add", "change", "publish", "lock", "unlock")
    }
    collection_perms = [
        _perm(apps, app, model, f"{action}_{model}", f"Can {action} {model}")
        for app, model in (("cms", "customimage"), ("wagtaildocs", "document"))
        for action in ("add", "change", "choose")
    ]

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    for group in (editors, moderators):
        group.permissions.add(access_admin)

    root = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    grants = {editors: ("add", "change"), moderators: ("add", "change", "publish", "lock", "unlock")}
    for group, codes in grants.items():
        if root:
            for code in codes:
                GroupPagePermission.objects.get_or_create(group=group, page=root, permission=page_perms[code])
        if root_collection:
            for permission in collection_perms:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )

    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name=TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK, content_type=task_type, active=True)
    task.groups.add(moderators)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if root:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


def remove_groups_and_workflow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow.objects.filter(name=WORKFLOW).delete()
    Task.objects.filter(name=TASK).delete()
    Group.objects.filter(name__in=[EDITORS, MODERATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0002_campaign_pages"),
        ("cms", "0004_navigation_and_banner"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_groups_and_workflow, remove_groups_and_workflow)]
