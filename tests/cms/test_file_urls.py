"""cms.storage.file_url: a file's URL joined directly is the one Django's storage gives."""

from __future__ import annotations

import pytest

from django.core.files.storage import FileSystemStorage, default_storage
from django.db.models.fields.files import FieldFile
from django.test import override_settings

from wagtail.images import get_image_model

from cms.storage import _plain_base, file_url

NAMES = [
    "images/carer.2e16d0ba.fill-480x360.format-webp.webp",
    "original_images/carer.jpg",
    "a",
    "images/with space.jpg",
    "images/café.jpg",
    "images/../secret.jpg",
    "images/./carer.jpg",
    "images//carer.jpg",
    "/images/carer.jpg",
    ".hidden/carer.jpg",
    "images/carer.jpg?v=1",
    "images/carer#1.jpg",
    "images\\carer.jpg",
    "images/100%.jpg",
    "images/a:b.jpg",
    "http://example.com/x.jpg",
    "images/~tilde(1).jpg",
]
BASES = [
    "/media/",
    "/media",
    "https://cdn.example.com/media/",
    "http://example.com",
    "//cdn.example.com/media/",
    "/a/../b/",
    "/a//b/",
    "/media/?v=1",
    "s3://bucket/",
    "",
]


class _Owner:
    """Stands for a model instance holding the file."""


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("name", NAMES)
def test_urls_are_the_storages_own(base, name, tmp_path):
    storage = FileSystemStorage(location=tmp_path, base_url=base)
    field = get_image_model().get_rendition_model()._meta.get_field("file")
    file = FieldFile(_Owner(), field, name)
    file.storage = storage
    assert file_url(file) == storage.url(name)


def test_a_rendition_url_is_wagtails():
    Rendition = get_image_model().get_rendition_model()
    for name in NAMES[:6]:
        rendition = Rendition(file=name, width=1, height=1, filter_spec="original")
        assert rendition.url == rendition.file.url == default_storage.url(name)
    with pytest.raises(ValueError):  # no file: Django's own error
        _ = Rendition(file="", width=1, height=1).url


def test_the_default_storage_is_followed_when_media_url_changes():
    Rendition = get_image_model().get_rendition_model()
    rendition = Rendition(file="images/carer.jpg", width=1, height=1)
    assert rendition.url == "/media/images/carer.jpg"
    with override_settings(MEDIA_URL="https://cdn.example.com/m/"):
        assert Rendition(file="images/carer.jpg", width=1, height=1).url == (
            "https://cdn.example.com/m/images/carer.jpg"
        )
    assert Rendition(file="images/carer.jpg", width=1, height=1).url == "/media/images/carer.jpg"


def test_other_storages_give_their_own_urls():
    class Own(FileSystemStorage):
        def url(self, name):
            return "own:" + name

    assert _plain_base(Own(base_url="/media/")) is None
    assert _plain_base(FileSystemStorage(base_url="/media/")) == "/media/"


def test_a_rendition_url_from_its_file_name_is_the_fieldfiles():
    Rendition = get_image_model().get_rendition_model()
    for name in NAMES:
        rendition = Rendition.__new__(Rendition)  # as cms.rows makes it: the name not yet a FieldFile
        rendition.__dict__["file"] = name
        assert rendition.url == Rendition(file=name, width=1, height=1).file.url
        assert isinstance(vars(rendition)["file"], str) == (name in NAMES[:3])  # the plain ones
