"""Model instances made from a prepared query's rows (cms.prepared) without Django's per-row work.

Django's ModelIterable works out, on every run of a query, each column's converters and the
select_related populators, then makes every instance through `Model.__init__`: `pre_init` and
`post_init` sent through the dispatcher, a `setattr` per field, and the `__init__` of every class
of the model (Wagtail's image and page classes, modelcluster's). For the few prepared queries a
campaign page runs, that was about a sixth of rendering it. A prepared query's shape never
changes, so `RowPlan` works all that out once and makes each instance directly: `cls.__new__`,
its `_state`, its field values written into `__dict__` in the order `Model.__init__` sets them,
then exactly the steps Django would have taken that do something for a row read from the
database:

- a field whose descriptor does more than store the value (a StreamField's) is still set with
  `setattr`;
- the `post_init` receivers are still called, when all of them are ones known to need nothing
  more than the instance (an ImageField's `update_dimension_fields`, which turns the file name
  into its FieldFile and reads the image only when its width or height is missing);
- a model class's own `__init__` is skipped only where its steps are known: Wagtail's image
  class (two attributes set, repeated here), and a model whose `from_db` says which steps it
  keeps (`row_steps`, campaign.models.base.BasePage).

Anything else (a `pre_init` receiver, another `post_init` receiver, another `__init__` or
`from_db`) makes that model's instances through its own `from_db`, as Django would.
tests/cms/test_prepared_rows.py compares both ways.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Iterable

from django.db.models import signals
from django.db.models.base import Model, ModelState
from django.db.models.fields.files import FileDescriptor, ImageField, ImageFileDescriptor
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query import ModelIterable, get_related_populators
from django.db.models.query_utils import DeferredAttribute

from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage

# Descriptors whose __set__, on an instance being made (nothing in its __dict__ yet, nothing
# cached), only stores the value in __dict__ under the field's attname.
_STORING_DESCRIPTORS = frozenset(
    {DeferredAttribute, ForeignKeyDeferredAttribute, FileDescriptor, ImageFileDescriptor}
)


def _image_init_steps(obj) -> None:
    # wagtail.images.models.AbstractImage.__init__, after Model.__init__.
    obj.decorative = False
    obj.contextual_alt_text = None


# Classes whose __init__ is known: what it does after Model.__init__ (None: nothing).
_KNOWN_INITS: dict[type, Callable | None] = {Model: None, object: None, AbstractImage: _image_init_steps}


def _class_attribute(cls: type, name: str):
    for klass in cls.__mro__:
        if name in vars(klass):
            return vars(klass)[name]
    return None


def _model_steps(cls: type) -> tuple[bool, tuple[Callable, ...]]:
    """(whether instances of the class may be made directly, the steps to take after the fields
    are set and post_init is sent, in order)."""
    return _steps_with(cls, cls.from_db.__func__)


@functools.cache
def _steps_with(cls: type, from_db) -> tuple[bool, tuple[Callable, ...]]:
    steps: list[Callable] = []
    if from_db is Model.from_db.__func__:
        for klass in reversed(cls.__mro__):
            if "__init__" in vars(klass):
                if klass not in _KNOWN_INITS:
                    return False, ()
                if _KNOWN_INITS[klass] is not None:
                    steps.append(_KNOWN_INITS[klass])
    else:
        row_steps = getattr(cls, "row_steps", None)
        after = row_steps() if row_steps is not None else None
        if after is None:
            return False, ()
        steps.append(after)
    return True, tuple(steps)


def _known_post_init(cls: type, receiver) -> bool:
    """An ImageField's update_dimension_fields for a field of this very model."""
    field = getattr(receiver, "__self__", None)
    return (
        isinstance(field, ImageField)
        and getattr(receiver, "__func__", None) is ImageField.update_dimension_fields
        and field.model is cls
    )


def _post_init_receivers(cls: type) -> list | None:
    """The post_init receivers for the class if they can be called directly (in the order
    `send` calls them), else None; each as (its image field's width field, height field, the
    receiver)."""
    sync_receivers, async_receivers = signals.post_init._live_receivers(cls)
    if async_receivers or not all(_known_post_init(cls, r) for r in sync_receivers):
        return None
    return [(r.__self__.width_field, r.__self__.height_field, r) for r in sync_receivers]


def _cached_receivers(cls: type) -> tuple:
    """What the init signals' own caches hold for the class (None when a cache is not in use):
    Django replaces a class's entry whenever a receiver is connected or disconnected."""
    pre, post = signals.pre_init, signals.post_init
    if pre._dead_receivers or post._dead_receivers or not (pre.use_caching and post.use_caching):
        return None, None
    return pre.sender_receivers_cache.get(cls), post.sender_receivers_cache.get(cls)


class _Maker:
    """Makes instances of one model from the values of the columns `init_list` names."""

    def __init__(self, cls: type, init_list: list[str]):
        self.cls = cls
        self.from_db = cls.from_db.__func__
        self.direct, self.steps = _model_steps(cls)
        names = set(init_list)
        # Django's from_db pairs the values with the model's concrete fields in order, skipping
        # the ones not selected (deferred).
        self.attnames = [f.attname for f in cls._meta.concrete_fields if f.attname in names]
        self.init_list = init_list
        self.set_with_descriptor = [
            type(_class_attribute(cls, name)) not in _STORING_DESCRIPTORS
            and _class_attribute(cls, name) is not None
            for name in self.attnames
        ]
        self.all_stored = not any(self.set_with_descriptor)
        self._receivers: tuple = (None, None, None)  # (the signals' cached entries, the answer)

    def receivers(self) -> list | None:
        """Checked on every run: receivers may be connected (and from_db replaced) at any time.
        The answer is worked out again whenever the signals' caches hold other entries for the
        class (Django makes new ones when receivers change)."""
        if not self.direct or self.cls.from_db.__func__ is not self.from_db:
            return None
        cached = _cached_receivers(self.cls)
        kept = self._receivers
        if cached[0] is not None and cached[1] is not None and cached[0] is kept[0] and cached[1] is kept[1]:
            return kept[2]
        found = None if signals.pre_init.has_listeners(self.cls) else _post_init_receivers(self.cls)
        self._receivers = (*_cached_receivers(self.cls), found)
        return found

    def make(self, db: str, values, receivers: list | None):
        cls = self.cls
        if receivers is None:
            return cls.from_db(db, self.init_list, values)
        obj = cls.__new__(cls)
        state = ModelState()
        data = obj.__dict__
        data["_state"] = state
        if self.all_stored:
            data.update(zip(self.attnames, values, strict=True))
        else:
            for name, value, with_descriptor in zip(
                self.attnames, values, self.set_with_descriptor, strict=True
            ):
                if with_descriptor:
                    setattr(obj, name, value)
                else:
                    data[name] = value
        for width, height, receiver in receivers:
            # An image field's dimensions are read from its file only when one is missing; with
            # both in the row the receiver only makes the file's FieldFile, which the field's
            # descriptor makes when the file is first used (a missing one is still its own
            # receiver's to handle, as are deferred ones).
            if (not width or data.get(width)) and (not height or data.get(height)):
                continue
            receiver(signal=signals.post_init, sender=cls, instance=obj)
        state.adding = False
        state.db = db
        for step in self.steps:
            step(obj)
        return obj


class _Related:
    """A select_related model: Django's RelatedPopulator (made once), filled by a _Maker."""

    def __init__(self, populator, db: str):
        self.populator = populator
        self.maker = _Maker(populator.model_cls, populator.init_list)
        self.children = [_Related(child, db) for child in populator.related_populators]

    def receivers(self) -> list:
        return [(self, self.maker.receivers()), *(r for c in self.children for r in c.receivers())]

    def populate(self, db: str, row, from_obj, receivers: dict) -> None:
        # RelatedPopulator.populate, with the instance made by the maker.
        p = self.populator
        data = p.reorder_for_init(row) if p.reorder_for_init else row[p.cols_start : p.cols_end]
        if data[p.pk_idx] is None:
            obj = None
        else:
            obj = self.maker.make(db, data, receivers[self])
            for child in self.children:
                child.populate(db, row, obj, receivers)
        p.local_setter(from_obj, obj)
        if obj is not None:
            p.remote_setter(obj, from_obj)


def _stream_from_db(converter) -> Callable | None:
    """For a StreamField's own `from_db_value`: the same steps with its JSONField made once
    (Wagtail's `json_field` property makes a new one, a Field.__init__, for every value)."""
    field = getattr(converter, "__self__", None)
    if (
        not isinstance(field, StreamField)
        or getattr(converter, "__func__", None) is not StreamField.from_db_value
        or _class_attribute(type(field), "json_field") is not _class_attribute(StreamField, "json_field")
    ):
        return None
    json_field = field.json_field

    def from_db_value(value, expression, connection):
        return field.to_python(json_field.from_db_value(value, expression, connection))

    return from_db_value


def can_plan(queryset) -> bool:
    """Whether a QuerySet's rows are instances a RowPlan makes as its own iterable would."""
    return (
        queryset._iterable_class is ModelIterable
        and not queryset._prefetch_related_lookups
        and not queryset._known_related_objects
    )


class RowPlan:
    """What ModelIterable works out on every run of a compiled query, worked out once: the
    columns' converters (per connection), the select_related populators, which columns make the
    model's instance and which are annotations."""

    def __init__(self, compiler, db: str):
        select, klass_info = compiler.select, compiler.klass_info
        self.compiler = compiler
        self.db = db
        self.fields = [s[0] for s in select[0 : compiler.col_count]]
        self.composite = compiler.has_composite_fields(self.fields)
        # Django's cursor_iter cuts the columns selected only for ordering off each row.
        self.col_count = compiler.col_count if compiler.has_extra_select else None
        select_fields = klass_info["select_fields"]
        self.start, self.end = select_fields[0], select_fields[-1] + 1
        init_list = [f[0].target.attname for f in select[self.start : self.end]]
        self.maker = _Maker(klass_info["model"], init_list)
        self.related = [_Related(p, db) for p in get_related_populators(klass_info, select, db)]
        self.annotations = list((compiler.annotation_col_map or {}).items())
        self._converters: tuple[object, list] | None = None

    def converters(self, connection) -> list:
        found = self._converters
        if found is None or found[0] is not connection:
            compiler = copy.copy(self.compiler)
            compiler.connection = connection
            found = (
                connection,
                [
                    (pos, ([_stream_from_db(c) or c for c in convs], expression))
                    for pos, (convs, expression) in compiler.get_converters(self.fields).items()
                ],
            )
            self._converters = found
        return found[1]

    def instances(self, rows: Iterable, connection) -> list:
        """Make the instances of the compiled query's rows (as list(ModelIterable) does)."""
        converters = self.converters(connection)
        db = self.db
        maker, start, end, col_count = self.maker, self.start, self.end, self.col_count
        receivers = maker.receivers()
        related_receivers = dict(r for related in self.related for r in related.receivers())
        objs = []
        for row in rows:
            if col_count is not None:
                row = row[:col_count]
            if converters or self.composite:
                row = list(row)
            for pos, (convs, expression) in converters:
                value = row[pos]
                for converter in convs:
                    value = converter(value, expression, connection)
                row[pos] = value
            if self.composite:
                row = next(self.compiler.composite_fields_to_tuples([row], self.fields))
            obj = maker.make(db, row[start:end], receivers)
            for related in self.related:
                related.populate(db, row, obj, related_receivers)
            for name, pos in self.annotations:
                setattr(obj, name, row[pos])
            objs.append(obj)
        return objs
