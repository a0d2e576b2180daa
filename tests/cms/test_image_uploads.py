"""Editors uploading images: bad files are refused with a message that says why."""

from io import BytesIO

import pytest
from PIL import Image

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import Collection

from cms.models import CustomImage


def png(size, mode="RGB") -> bytes:
    buffer = BytesIO()
    Image.new(mode, size).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


@pytest.fixture
def upload(client, regional_admin):
    client.force_login(regional_admin)

    def post(name: str, content: bytes, **extra):
        data = {
            "title": "Upload",
            "description": "A carer at work",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile(name, content),
            **extra,
        }
        return client.post(reverse("wagtailimages:add"), data)

    return post


def test_a_good_image_with_alt_text_is_accepted(upload):
    response = upload("good.png", png((400, 300)))

    assert response.status_code == 302
    assert CustomImage.objects.get().alt == "A carer at work"


def test_an_image_without_alt_text_is_refused_unless_decorative(upload):
    response = upload("good.png", png((400, 300)), description="")

    assert "Enter alt text describing the image, or tick" in response.content.decode()
    assert not CustomImage.objects.exists()


def test_an_image_ticked_decorative_is_accepted_without_alt_text_and_read_back_with_empty_alt(upload):
    # Wagtail's own image class sets a `decorative` attribute (for ImageBlock) to False whenever an
    # image is made, so the editor's tick must live in a field of another name.
    response = upload("pattern.png", png((400, 300)), description="", is_decorative="on")

    assert response.status_code == 302
    image = CustomImage.objects.get()
    assert image.is_decorative and image.alt == ""
    rendition = image.get_rendition("fill-40x30")
    assert rendition.alt == "" and 'alt=""' in rendition.img_tag()


def test_an_editor_ticks_decorative_on_an_existing_image_and_the_tick_stays(upload, client):
    upload("good.png", png((400, 300)))
    image = CustomImage.objects.get()
    edit = reverse("wagtailimages:edit", args=[image.pk])
    assert 'name="is_decorative"' in client.get(edit).content.decode()

    response = client.post(
        edit,
        {
            "title": image.title,
            "description": "",
            "collection": image.collection_id,
            "is_decorative": "on",
            "credit": "",
        },
    )

    assert response.status_code == 302
    image = CustomImage.objects.get()
    assert image.is_decorative and image.alt == ""
    assert "checked" in client.get(edit).content.decode().split('name="is_decorative"', 1)[1][:80]


def test_an_image_with_alt_text_keeps_it_in_renditions(upload):
    upload("good.png", png((400, 300)))

    image = CustomImage.objects.get()
    assert not image.is_decorative
    assert image.get_rendition("fill-40x30").alt == "A carer at work"


def test_a_non_image_file_is_refused(upload):
    response = upload("cv.png", b"%PDF-1.4 this is not an image")

    assert response.status_code == 200
    assert "Upload a valid image" in response.content.decode() or "Not a valid" in response.content.decode()
    assert not CustomImage.objects.exists()


def test_a_file_with_the_wrong_extension_is_refused(upload):
    response = upload("notes.txt", png((10, 10)))

    assert "Not a supported image format" in response.content.decode()
    assert not CustomImage.objects.exists()


def test_an_oversized_file_is_refused(upload, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024

    response = upload("big.png", png((600, 600), "RGB") + b"\0" * 2048)

    assert "This file is too big" in response.content.decode()
    assert not CustomImage.objects.exists()


def test_a_decompression_bomb_is_refused(upload):
    bomb = png((9000, 5000), "1")  # 45 million pixels in a few kilobytes
    assert len(bomb) < 200_000

    response = upload("bomb.png", bomb)

    assert "This file has too many pixels" in response.content.decode()
    assert not CustomImage.objects.exists()
