"""Wagtail's image tags keep the filters they built (cms.images.reuse_image_tag_filters): the same
images, sizes and formats as Wagtail renders, without parsing the filter specs on every render."""

import pytest

from django.template import engines

from wagtail.images import models as image_models

from tests.fixtures.campaign_site import make_image

TEMPLATE = (
    "{% load wagtailimages_tags %}"
    "{% image img fill-200x150 class='a' %}"
    '{% srcset_image img fill-{480x360,960x720} format-webp sizes="100vw" alt=img.title %}'
    '{% picture img format-{webp,jpeg} width-{300,600} alt="" %}'
)


@pytest.fixture
def built_filters(monkeypatch) -> list[str]:
    built: list[str] = []
    original = image_models.Filter.__init__

    def counting(self, spec=None):
        built.append(spec)
        original(self, spec=spec)

    monkeypatch.setattr(image_models.Filter, "__init__", counting)
    return built


def test_each_image_gets_its_own_renditions_and_the_tags_parse_their_specs_once(db, built_filters):
    template = engines["django"].from_string(TEMPLATE)
    first, second = make_image(title="First"), make_image(title="Second", size=(1200, 900))
    built_filters.clear()  # making an image may build its share rendition's filter; the tags' come next

    html_first = template.render({"img": first})
    builds_after_first = len(built_filters)
    html_second = template.render({"img": second})
    again = template.render({"img": first})

    assert builds_after_first == 1 + 2 + 4  # one per size and format, once per tag
    assert len(built_filters) == builds_after_first  # later renders build none
    assert again == html_first  # the same markup every time
    assert 'height="150"' in html_first and 'width="200"' in html_first and 'alt="First"' in html_first
    assert 'alt="Second"' in html_second and "960w" in html_second and ".webp" in html_second
    for image, html in ((first, html_first), (second, html_second)):
        for rendition in image.renditions.all():
            assert rendition.url in html  # each image's own files, never the other's
