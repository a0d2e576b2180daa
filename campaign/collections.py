"""Image collections per campaign, which marketing editors may add images to and choose from.

Wagtail keeps images in collections; permissions are granted per collection to a group
(`GroupCollectionPermission`). Each campaign gets its own collection, so its pictures stay together
and editors find them when they build the campaign's pages.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission
from wagtail.permissions import policy_registry

EDITORS = "Marketing editors"  # made by migration campaign 0003
EDITOR_ACTIONS = ("add", "change", "choose")  # change: any of the collection's files (0008)


def _permissions(actions: tuple[str, ...]) -> list[Permission]:
    """Wagtail checks images against `wagtailimages.Image` permissions (the policy's auth model), not
    the custom image model's own, so ask the policy which model it checks."""
    permissions = []
    for model in (get_image_model(), get_document_model()):
        auth_model = policy_registry.get_by_type(model).auth_model
        content_type = ContentType.objects.get_for_model(auth_model)
        codenames = [f"{action}_{content_type.model}" for action in actions]
        permissions += list(Permission.objects.filter(content_type=content_type, codename__in=codenames))
    return permissions


def campaign_collection(name: str, *, groups: tuple[str, ...] = (EDITORS,)) -> Collection:
    """The collection called `name` under the root (made if missing), with each group allowed to add
    images and documents to it and choose them from it. Safe to call again."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=name).first() or root.add_child(name=name)
    permissions = _permissions(EDITOR_ACTIONS)
    for group in Group.objects.filter(name__in=groups):
        for permission in permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )
    return collection
