"""cms.rows: instances a prepared query makes from its rows are the ones Django's ModelIterable
makes, field for field, and behave the same afterwards."""

from __future__ import annotations

import pickle
from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest

from django.db import models
from django.db.models import Subquery
from django.db.models.fields.files import FieldFile, FileDescriptor
from django.db.models.signals import post_init, pre_init
from django.test.utils import isolate_apps
from django.utils import timezone

from wagtail.blocks import StreamValue
from wagtail.fields import StreamField
from wagtail.images import get_image_model

from ats.models import Location, Vacancy
from campaign.models import EventPage, StoryPage
from cms import rows as cms_rows
from cms.prepared import PreparedQuery, Slot, slot_list, slot_values
from tests.factories import OrganisationFactory, VacancyFactory

pytestmark = pytest.mark.django_db

Image = get_image_model()
Rendition = Image.get_rendition_model()


def _comparable(value, depth=0):
    """A value as far as a page could tell two instances apart."""
    if isinstance(value, models.Model):
        return _instance(value, depth + 1)
    if isinstance(value, FieldFile):
        return (type(value), value.name, value.field, value.instance.pk)
    if hasattr(value, "raw_data"):  # a StreamField's StreamValue
        return (type(value), list(value.raw_data))
    return (type(value), value)


def _instance(obj, depth=0) -> dict:
    """Everything in the instance's __dict__ (its field values, the related objects it holds, what
    its classes' __init__ set), its state, type and deferred fields."""
    found = {
        "type": type(obj),
        "keys": list(vars(obj)),  # in the order Django sets them
        "adding": obj._state.adding,
        "db": obj._state.db,
        "deferred": obj.get_deferred_fields(),
        "related": {
            name: (_instance(related, depth + 1) if related is not None and depth < 3 else related)
            for name, related in obj._state.fields_cache.items()
        },
    }
    for name, value in list(vars(obj).items()):
        if name not in ("_state", "_prefetched_objects_cache"):
            if isinstance(getattr(type(obj), name, None), FileDescriptor):
                # The file's FieldFile, whether made at init or on first use (cms.rows leaves a
                # file name to its descriptor when the image's dimensions are in the row).
                value = getattr(obj, name)
            found[name] = _comparable(value, depth)
    return found


def _djangos(queryset) -> list:
    """The QuerySet's rows as Django's own iterable makes them."""
    return list(queryset._chain())


def _both_ways(build, shape: tuple = (), **values):
    query = PreparedQuery(build)
    fast = query.run(shape, **values)
    assert query._compiled[(None, shape)].rows is not None  # the rows were made by cms.rows
    return fast


def _vacancies(count: int, day=None):
    day = Slot("day", models.DateField()) if day is None else day
    first_town = Location.objects.filter(vacancies=models.OuterRef("pk")).values("town")[:1]
    return (
        Vacancy.objects.filter(closing_date__gte=day)
        .select_related("organisation", "role")
        .annotate(first_town=Subquery(first_town))
        .order_by("pk")[:count]
    )


@pytest.fixture
def vacancies():
    employer = OrganisationFactory(name="Tyne Homes")
    with_everything = VacancyFactory(
        organisation=employer,
        title="Night carer",
        pay_min=Decimal("12.605"),
        benefits=["pension", "parking"],
        published_at=timezone.now() - timedelta(days=2, microseconds=17),
    )
    bare = VacancyFactory(organisation=employer, title="Day carer", role=None, published_at=None, benefits=[])
    return [with_everything, bare]


def test_vacancies_with_related_rows_and_annotations_are_djangos(vacancies):
    day = timezone.localdate()
    fast = _both_ways(_vacancies, (10,), day=day)
    djangos = _djangos(_vacancies(10, day))

    assert [_instance(v) for v in fast] == [_instance(v) for v in djangos]
    night, bare = fast
    assert isinstance(night.pay_min, Decimal) and night.pay_min == vacancies[0].pay_min
    assert night.published_at == vacancies[0].published_at and night.published_at.tzinfo is not None
    assert night.benefits == ["pension", "parking"]
    assert night.first_town == djangos[0].first_town
    assert night.organisation.name == "Tyne Homes" and night.role is not None
    assert bare.role is None and bare.published_at is None  # a null foreign key: no related row
    assert night.public_id == vacancies[0].public_id


def test_deferred_fields_load_on_use(vacancies, django_assert_num_queries):
    only = PreparedQuery(lambda: Vacancy.objects.only("title").order_by("pk"))
    fast = only.run()
    djangos = _djangos(Vacancy.objects.only("title").order_by("pk"))

    assert [_instance(v) for v in fast] == [_instance(v) for v in djangos]
    assert "pay_min" in fast[0].get_deferred_fields()
    with django_assert_num_queries(1):
        assert fast[0].pay_min == vacancies[0].pay_min


def test_instances_save_refresh_compare_and_pickle_as_djangos_do(vacancies):
    [vacancy] = _both_ways(
        lambda: Vacancy.objects.select_related("organisation").filter(pk=Slot("pk", models.IntegerField())),
        pk=vacancies[0].pk,
    )
    [djangos] = _djangos(Vacancy.objects.select_related("organisation").filter(pk=vacancies[0].pk))

    assert vacancy == djangos and hash(vacancy) == hash(djangos) and vacancy.pk == djangos.pk
    assert vacancy != vacancies[1]
    # (pages and listings are cached pickled; these pickles are the test's own)
    again = pickle.loads(pickle.dumps(vacancy))  # noqa: S301
    assert _instance(again) == _instance(pickle.loads(pickle.dumps(djangos)))  # noqa: S301
    assert again.organisation.name == "Tyne Homes"

    vacancy.title = "Night carer (waking)"
    vacancy.save()
    assert Vacancy.objects.get(pk=vacancy.pk).title == "Night carer (waking)"
    assert vacancy._state.adding is False

    Vacancy.objects.filter(pk=vacancy.pk).update(title="Night carer")
    vacancy.refresh_from_db()
    assert vacancy.title == "Night carer"


def test_images_and_renditions_are_djangos(site):
    image = site.story.photo
    image.get_rendition("fill-80x80")
    ids = [image.pk]
    fast_images = _both_ways(
        lambda n: Image.objects.filter(pk__in=slot_list("id", n, models.IntegerField())),
        (1,),
        **slot_values("id", ids),
    )
    fast_renditions = _both_ways(
        lambda n: Rendition.objects.filter(image_id__in=slot_list("id", n, models.IntegerField())),
        (1,),
        **slot_values("id", ids),
    )

    assert [_instance(i) for i in fast_images] == [
        _instance(i) for i in _djangos(Image.objects.filter(pk__in=ids))
    ]
    assert [_instance(r) for r in fast_renditions] == [
        _instance(r) for r in _djangos(Rendition.objects.filter(image_id__in=ids))
    ]
    fast = fast_images[0]
    assert vars(fast)["file"] == image.file.name  # its FieldFile is made when first used
    assert isinstance(fast.file, FieldFile) and fast.file.instance is fast and vars(fast)["file"] is fast.file
    assert fast.decorative is False and fast.contextual_alt_text is None  # Wagtail's __init__ sets them
    assert (fast.width, fast.height) == (image.width, image.height)


def test_an_image_without_its_dimensions_in_the_row_is_left_to_its_field(site, django_assert_num_queries):
    """With a dimension deferred, ImageField's post_init receiver still runs: it reads the
    deferred dimension (a query), as it does for Django's own instance."""
    ids = [site.story.photo.pk]
    with django_assert_num_queries(2):
        fast = _both_ways(
            lambda n: Image.objects.filter(pk__in=slot_list("id", n, models.IntegerField())).only(
                "title", "file", "width"
            ),
            (1,),
            **slot_values("id", ids),
        )
    with django_assert_num_queries(2):
        djangos = _djangos(Image.objects.filter(pk__in=ids).only("title", "file", "width"))
    assert [_instance(i) for i in fast] == [_instance(i) for i in djangos]
    assert isinstance(vars(fast[0])["file"], FieldFile)


def test_pages_with_their_related_rows_are_djangos(site):
    stories = _both_ways(
        lambda: StoryPage.objects.select_related("role", "local_authority", "photo").only(
            "title", "url_path", "path", "depth", "role__name", "local_authority__name", "photo"
        )
    )
    events = _both_ways(lambda: EventPage.objects.select_related("local_authority"))

    djangos_stories = _djangos(
        StoryPage.objects.select_related("role", "local_authority", "photo").only(
            "title", "url_path", "path", "depth", "role__name", "local_authority__name", "photo"
        )
    )
    assert [_instance(s) for s in stories] == [_instance(s) for s in djangos_stories]
    assert [_instance(e) for e in events] == [
        _instance(e) for e in _djangos(EventPage.objects.select_related("local_authority"))
    ]
    assert stories[0].photo.decorative is False
    assert stories[0].url == site.story.url
    streams = [f.attname for f in EventPage._meta.concrete_fields if isinstance(f, StreamField)]
    assert streams  # their converter makes the StreamValue; set through their descriptor, as Django does
    assert all(isinstance(vars(events[0])[name], StreamValue) for name in streams)
    # (by Wagtail's steps with its JSONField made once: the values above are Django's)
    assert cms_rows._stream_from_db(EventPage._meta.get_field(streams[0]).from_db_value) is not None


@pytest.mark.parametrize("signal", [post_init, pre_init])
def test_a_model_with_another_init_receiver_is_made_by_django(vacancies, signal):
    query = PreparedQuery(lambda: Vacancy.objects.select_related("organisation").order_by("pk"))
    assert query.run()[0].title == "Night carer"  # planned before the receiver is connected
    seen = []

    def receiver(sender, **kwargs):
        seen.append(sender)

    signal.connect(receiver, sender=Vacancy)
    try:
        rows = query.run()
    finally:
        signal.disconnect(receiver, sender=Vacancy)

    assert seen == [Vacancy, Vacancy]
    assert [_instance(v) for v in rows] == [
        _instance(v) for v in _djangos(Vacancy.objects.select_related("organisation").order_by("pk"))
    ]


@isolate_apps("cms")
def test_a_model_with_its_own_init_is_made_by_django():
    class Counted(models.Model):
        made = 0

        class Meta:
            app_label = "cms"
            managed = False

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            type(self).made += 1

        def __str__(self) -> str:
            return f"Counted {self.pk}"

    assert cms_rows._model_steps(Counted) == (False, ())
    assert cms_rows._model_steps(Vacancy) == (True, ())
    assert cms_rows._model_steps(Image)[0] is True


def test_a_model_whose_from_db_is_replaced_later_is_made_by_it(vacancies, monkeypatch):
    query = PreparedQuery(lambda: Vacancy.objects.order_by("pk"))
    assert len(query.run()) == 2  # planned with Django's from_db
    made = []

    def from_db(cls, db, field_names, values):
        made.append(values[0])
        return models.Model.from_db.__func__(cls, db, field_names, values)

    monkeypatch.setattr(Vacancy, "from_db", classmethod(from_db))

    assert [v.pk for v in query.run()] == made == [v.pk for v in vacancies]


def test_the_campaign_sites_models_are_made_without_model_init(site):
    """Jobs with their employer and role, images, renditions and story pages with their photos:
    none goes through Model.__init__ (the slower way every test above compares against)."""
    site.story.photo.get_rendition("fill-80x80")
    queries = [
        (PreparedQuery(lambda: Vacancy.objects.select_related("organisation", "role")), Vacancy),
        (PreparedQuery(lambda: Image.objects.all()), Image),
        (PreparedQuery(lambda: Rendition.objects.all()), Rendition),
        (PreparedQuery(lambda: StoryPage.objects.select_related("photo", "local_authority")), StoryPage),
    ]
    with mock.patch.object(
        models.Model, "__init__", autospec=True, side_effect=models.Model.__init__
    ) as init:
        made = {model: query.run() for query, model in queries}

    assert all(made.values())
    assert init.call_count == 0
