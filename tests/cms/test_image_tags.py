"""Wagtail's image tags keep the filters they built (cms.images.reuse_image_tag_filters): the same
images, sizes and formats as Wagtail renders, without parsing the filter specs on every render."""

import pytest

from django.template import engines
from django.utils.safestring import mark_safe

from wagtail.images import models as image_models

from cms.templatetags.cms_images import img_tag
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


CMS_TAGS = [
    "{% image img fill-200x150 class='a' %}",
    "{% image img width-300 alt='' loading='lazy' %}",
    '{% srcset_image img fill-{480x360,960x720} format-webp sizes="100vw" alt=img.title %}',
    '{% srcset_image img fill-{480x360,960x720} format-webp sizes="(max-width: 48rem) 85vw, 22rem" '
    'loading="lazy" class="card__image" alt=label fetchpriority="high" %}',
    "{% srcset_image img fill-{480x360} alt=label data_x=flag data_y=missing %}",  # one size: no srcset
]


@pytest.mark.parametrize("tag", CMS_TAGS)
@pytest.mark.parametrize(
    "context",
    [
        {"label": 'Amira\'s "first" day <b>& night</b>', "flag": True, "missing": None},
        {"label": "", "flag": False, "missing": "0"},
    ],
)
def test_the_projects_image_tags_write_what_wagtails_write(db, tag, context):
    """cms_images builds the <img> itself (a tenth of a listing page went on Wagtail's way of
    building it): the markup, escaping and attribute order must stay Wagtail's own."""
    image = make_image(title='Fish & "chips"', alt="A plate <of> fish")
    wagtails = engines["django"].from_string("{% load wagtailimages_tags %}" + tag)
    ours = engines["django"].from_string("{% load wagtailimages_tags cms_images %}" + tag)

    expected = wagtails.render({"img": image, **context})

    assert ours.render({"img": image, **context}) == expected
    assert "<img" in expected


def test_the_projects_image_tags_show_nothing_without_an_image(db):
    template = engines["django"].from_string(
        "{% load wagtailimages_tags cms_images %}[{% image img width-300 %}][{% srcset_image img width-{300,600} %}]"
    )

    assert template.render({"img": None}) == "[][]"


def test_srcset_tags_use_the_prefetched_renditions_and_make_missing_ones(db, django_assert_num_queries):
    from cms.images import attach_renditions, images_by_id

    tag = '{% srcset_image img fill-{480x360,960x720} format-webp sizes="100vw" alt=img.title %}'
    wagtails = engines["django"].from_string("{% load wagtailimages_tags %}" + tag)
    ours = engines["django"].from_string("{% load wagtailimages_tags cms_images %}" + tag)
    first, second = make_image(title="First"), make_image(title="Second", size=(1200, 900))
    expected = {image.pk: wagtails.render({"img": image}) for image in (first, second)}  # made once

    images = images_by_id([first.pk, second.pk])
    attach_renditions(images.values())
    with django_assert_num_queries(0):
        shown = {pk: ours.render({"img": image}) for pk, image in images.items()}
    assert shown == expected  # each image's own renditions, as Wagtail writes them

    fresh = images_by_id([first.pk])[first.pk]
    attach_renditions([fresh])
    other_size = engines["django"].from_string(
        "{% load wagtailimages_tags cms_images %}{% srcset_image img fill-{200x150,480x360} alt='' %}"
    )
    html = other_size.render({"img": fresh})  # fill-200x150 was never made: made now
    assert fresh.renditions.get(filter_spec="fill-200x150").url in html and "200w" in html


@pytest.mark.parametrize(
    "extra",
    [
        {"class": "a", "data-x": 3, "aria-hidden": True, "hidden": False, "title": None},
        {'on"x': "1", "a&b": "<v>", "x y": 2, "ünï": "ü", "data_v": "'q'"},
        {mark_safe("data-safe&"): mark_safe("<b>"), "width": 7, "alt": 0, "loading": "lazy"},
        {"data-n": 1.5, "data-b": True, "class": mark_safe("&amp;")},
    ],
)
def test_img_tag_writes_what_a_renditions_img_tag_writes(db, extra):
    """Names and values escaped as Django's flatatt escapes them (plain names and ints as they
    are: their escape is themselves)."""
    image = make_image(title='Fish & "chips"', alt="A plate <of> fish")
    rendition = image.get_rendition("fill-80x60")

    assert img_tag(rendition, dict(extra)) == rendition.img_tag(dict(extra))


@pytest.mark.parametrize("focal", [None, (40, 30, 10, 12)])
def test_rendition_cache_keys_are_wagtails(db, focal):
    from wagtail.images.models import Filter

    from cms.templatetags.cms_images import _cache_key

    image = make_image()
    if focal:
        image.focal_point_x, image.focal_point_y, image.focal_point_width, image.focal_point_height = focal
    keys: dict = {}
    for spec in ("fill-480x360", "fill-960x720|format-webp", "width-300", "original", "fill-80x80-c100"):
        filter = Filter(spec=spec)
        assert _cache_key(filter, image, keys) == filter.get_cache_key(image)
