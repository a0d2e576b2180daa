"""Images shown with their renditions already fetched (cms.images): Wagtail's own image tags then
find every rendition they need without a query, and make a missing one as usual."""

from django.template import engines

from wagtail.images import get_image_model

from cms.images import attach_renditions
from tests.fixtures.campaign_site import make_image

TAG = '{% load wagtailimages_tags %}{% srcset_image img fill-{480x360,960x720} format-webp sizes="100vw" alt=img.title %}'


def test_srcset_tags_use_the_fetched_renditions_and_make_missing_ones(db, django_assert_num_queries):
    template = engines["django"].from_string(TAG)
    first, second = make_image(title="First"), make_image(title="Second", size=(1200, 900))
    expected = {image.pk: template.render({"img": image}) for image in (first, second)}  # made once

    images = list(get_image_model().objects.filter(pk__in=[first.pk, second.pk]))
    attach_renditions(images)
    with django_assert_num_queries(0):
        shown = {image.pk: template.render({"img": image}) for image in images}
    assert shown == expected  # each image's own renditions

    fresh = get_image_model().objects.get(pk=first.pk)
    attach_renditions([fresh])
    other_size = engines["django"].from_string(
        "{% load wagtailimages_tags %}{% srcset_image img fill-{200x150,480x360} alt='' %}"
    )
    html = other_size.render({"img": fresh})  # fill-200x150 was never made: made now
    assert fresh.renditions.get(filter_spec="fill-200x150").url in html and "200w" in html
