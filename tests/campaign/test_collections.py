"""Image collections per campaign: the demo makes one per campaign and editors can upload there."""

from io import BytesIO

import pytest
from PIL import Image

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import Collection, GroupCollectionPermission

from campaign.collections import campaign_collection
from cms.models import CustomImage
from tests.factories import UserFactory, with_totp


def png() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (400, 300), (20, 120, 90)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def editor(db):
    user = UserFactory(email="ed@council.example", is_staff=False)
    user.groups.add(Group.objects.get(name="Marketing editors"))
    with_totp(user)
    return user


def upload(client, collection):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Bus stop advert",
            "description": "A home carer arriving at a front door",
            "collection": collection.pk,
            "file": SimpleUploadedFile("advert.png", png()),
        },
    )


def test_an_editor_can_upload_into_their_campaign_collection(client, editor):
    homecare = campaign_collection("Home care campaign")
    client.force_login(editor)

    response = upload(client, homecare)

    assert response.status_code == 302
    assert CustomImage.objects.get().collection == homecare


def test_an_editors_upload_lands_in_a_campaign_collection_never_the_root(client, editor):
    homecare = campaign_collection("Home care campaign")
    campaign_collection("New to care campaign")
    client.force_login(editor)

    form = client.get(reverse("wagtailimages:add_multiple")).content.decode()
    refused = upload(client, Collection.get_first_root_node())
    accepted = upload(client, homecare)

    assert "Home care campaign" in form and "New to care campaign" in form  # the places offered
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    assert accepted.status_code == 302
    assert [image.collection for image in CustomImage.objects.all()] == [homecare]


def test_a_moderator_can_upload_anywhere(client, db):
    moderator = UserFactory(email="mo@council.example", is_staff=False)
    moderator.groups.add(Group.objects.get(name="Marketing moderators"))
    with_totp(moderator)
    client.force_login(moderator)

    response = upload(client, Collection.get_first_root_node())

    assert response.status_code == 302 and CustomImage.objects.count() == 1


def test_campaign_collections_grant_editors_add_change_and_choose_once(db):
    first = campaign_collection("New to care campaign")
    again = campaign_collection("New to care campaign")

    assert first == again
    assert Collection.objects.filter(name="New to care campaign").count() == 1
    granted = set(
        GroupCollectionPermission.objects.filter(
            collection=first, group__name="Marketing editors"
        ).values_list("permission__codename", flat=True)
    )
    assert granted == {
        "add_image", "change_image", "choose_image", "add_document", "change_document", "choose_document"
    }  # fmt: skip


def test_the_demo_puts_each_campaigns_images_in_its_own_collection(db):
    from campaign.demo.images import _images

    images = _images()

    assert images["homecare"].collection.name == "Home care campaign"
    assert images["academy"].collection.name == "New to care campaign"
    editors = Group.objects.get(name="Marketing editors")
    for name in ("Home care campaign", "New to care campaign", "Always on"):
        collection = Collection.objects.get(name=name)
        assert GroupCollectionPermission.objects.filter(
            group=editors, collection=collection, permission__codename="add_image"
        ).exists()
