"""Find every row held about a person without asking the code under test, fill every field a
person or recruiter can write with a sentinel, and scan the whole database for it.

The rows are found generically: from the person's own rows (their account, or an application,
an enquiry...), every row of any model that points at one of them, and so on. A model or field
added later is covered without changing the tests. The few fields left out say why below."""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable

from django.apps import apps
from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast

SENTINEL = "Zq~7k"  # short enough for a postcode field; "~" is in no code, postcode or slug

# Fields a person or recruiter cannot write, by model label and field name, with the reason.
NOT_WRITTEN_BY_PEOPLE = {
    "cms.User.password": "a password hash, not text about the person",
    "ats.CV.file": "a generated storage name (ats.applications.models.cv_upload_to)",
    "ats.CV.content_type": "the detected file type",
    "ats.RoutingDecision.rule_name": "copied from the routing rule, which names no one",
    "ats.ApplicationDraft.completed_steps": "the names of the form's steps",
    "allauth_mfa.Authenticator.data": "an authenticator's secret, deleted with the account",
}
# The campaign source of a visit (UTM parameters, referring host, landing page) kept on
# applications, drafts, enquiries and registrations for the campaign's figures: written by the
# site from the link followed, not typed by the person (cms.attribution).
SYSTEM_FIELD_NAMES = {"attribution"}
# Models whose rows are kept by the schedule and are written only by the system with no personal
# text in them (proved by their own tests), so are not filled here.
KEPT_WITHOUT_PERSONAL_TEXT = {
    "ats.PersonalDataAccess": "append-only audit (tests/ats/test_audit.py proves it holds no personal text)",
}


def label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.object_name}"


def writable_text_fields(model) -> list[models.Field]:
    """The model's text, character and JSON fields that hold what someone typed or chose freely."""
    fields = []
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField | models.JSONField):
            continue
        if field.primary_key or field.choices or field.name in SYSTEM_FIELD_NAMES:
            continue
        if f"{label(model)}.{field.name}" in NOT_WRITTEN_BY_PEOPLE:
            continue
        fields.append(field)
    return fields


def rows_about(roots: list[models.Model]) -> list[models.Model]:
    """The roots and every row that points at one of them, transitively (reverse foreign keys and
    one-to-ones), each once."""
    seen: dict[tuple[str, object], models.Model] = {}
    queue = deque(roots)
    while queue:
        obj = queue.popleft()
        key = (label(type(obj)), obj.pk)
        if key in seen:
            continue
        seen[key] = obj
        for relation in type(obj)._meta.get_fields():
            if not (relation.auto_created and not relation.concrete):
                continue
            if not (relation.one_to_many or relation.one_to_one):
                continue
            related = relation.related_model
            queue.extend(related._default_manager.filter(**{relation.field.name: obj.pk}))
    return list(seen.values())


def value_for(field: models.Field, current, marker: str):
    if isinstance(field, models.JSONField):
        return [marker] if isinstance(current, list) else {"text": marker}
    if isinstance(field, models.EmailField):
        return f"{marker}@example.org"
    return marker


def fill(roots: list[models.Model], marker: str | Callable[[], str] = SENTINEL) -> list[tuple[str, str]]:
    """Write `marker` (or a new one from `marker()` for each field) into every writable text field
    of every row about the person. Returns what was written where: [(marker, "app.Model.field #pk")]."""
    filled: list[tuple[str, str]] = []
    for obj in rows_about(roots):
        model = type(obj)
        if label(model) in KEPT_WITHOUT_PERSONAL_TEXT:
            continue
        values = {}
        for field in writable_text_fields(model):
            this = marker() if callable(marker) else marker
            value = value_for(field, getattr(obj, field.attname), this)
            if isinstance(value, str) and field.max_length and len(value) > field.max_length:
                value = this if len(this) <= field.max_length else None
            if value is not None:
                values[field.attname] = value
                filled.append((this, f"{label(model)}.{field.name} #{obj.pk}"))
        if values:
            model._default_manager.filter(pk=obj.pk).update(**values)
    return filled


def markers() -> Callable[[], str]:
    """A new five-character marker at each call: Zq~00, Zq~01 ..."""
    count = itertools.count()
    return lambda: f"Zq~{next(count):02d}"


def text_columns(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
    ]


def where(marker: str = SENTINEL) -> list[str]:
    """Every row of every table whose text holds `marker`: ["app.Model.field #pk", ...]."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in text_columns(model):
            rows = model._default_manager.annotate(as_text=Cast(field.attname, TextField())).filter(
                Q(as_text__contains=marker)
            )
            found.extend(f"{label(model)}.{field.name} #{pk}" for pk in rows.values_list("pk", flat=True))
    return found
