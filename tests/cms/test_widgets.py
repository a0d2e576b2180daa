"""cms.widgets.Select writes the markup Django's Select writes from its templates."""

from __future__ import annotations

import pytest
import time_machine

from django import forms
from django.utils import timezone

from cms.widgets import Select

CHOICES = [
    ("", "All roles"),
    ("care-worker", "Care worker"),
    ("nurse", 'Nurse <b>& "midwife"</b>'),
    (3, "Three"),
    (None, "Nothing"),
    ("care-worker", "A repeat"),
]


@pytest.mark.parametrize("value", [None, "", "care-worker", "nurse", 3, "3", "not-a-choice", ["nurse"]])
@pytest.mark.parametrize(
    "attrs",
    [
        {"class": "select"},
        {"class": "select", "required": True, "disabled": False, "data-x": 'a"b'},
        {},
    ],
)
def test_the_select_is_djangos_select_byte_for_byte(value, attrs):
    ours = Select(attrs=attrs, choices=CHOICES)
    djangos = forms.Select(attrs=attrs, choices=CHOICES)

    expected = djangos.render("role", value, attrs={"id": "id_role"})

    assert ours.render("role", value, attrs={"id": "id_role"}) == expected
    assert expected.count(" selected") <= 1


def test_grouped_choices_are_left_to_django():
    choices = [("Care", [("care-worker", "Care worker"), ("senior", "Senior carer")]), ("", "Any")]

    assert Select(choices=choices).render("role", "senior") == forms.Select(choices=choices).render(
        "role", "senior"
    )


def test_a_bound_form_field_renders_the_same(rf):
    class Ours(forms.Form):
        role = forms.ChoiceField(
            required=False, choices=CHOICES[:3], widget=Select(attrs={"class": "select"})
        )

    class Djangos(forms.Form):
        role = forms.ChoiceField(
            required=False, choices=CHOICES[:3], widget=forms.Select(attrs={"class": "select"})
        )

    for data in ({}, {"role": "nurse"}, {"role": "<script>"}):
        assert str(Ours(data)["role"]) == str(Djangos(data)["role"])


WIDGETS = [
    forms.TextInput(attrs={"autocomplete": "name"}),
    forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    forms.NumberInput(attrs={"min": 0, "step": 0.5}),
    forms.URLInput(),
    forms.PasswordInput(render_value=True),
    forms.HiddenInput(),
    forms.DateInput(),
    forms.CheckboxInput(),
    forms.CheckboxInput(attrs={"class": "checkbox__input"}, check_test=lambda value: value == "on"),
]


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda widget: type(widget).__name__)
@pytest.mark.parametrize(
    "value", [None, "", "Jo & Sam <jo@example.org>", 'say "hi"', 0, 12.5, True, False, "on", ("a", "b")]
)
@pytest.mark.parametrize(
    "attrs",
    [
        {},
        {"id": "id_field", "class": "input input--error", "aria-describedby": "f-hint f-error"},
        {"required": True, "disabled": False, "data-x": 'a"b<c>&', "aria-invalid": "true"},
    ],
)
def test_input_widgets_write_what_djangos_templates_write(widget, value, attrs):
    """FormRenderer writes <input> widgets in Python; Django's own renderer uses the templates."""
    from django.forms.renderers import DjangoTemplates

    from cms.widgets import FormRenderer

    expected = widget.render("field", value, attrs=attrs, renderer=DjangoTemplates())

    assert widget.render("field", value, attrs=attrs, renderer=FormRenderer()) == expected


def test_the_site_renders_form_fields_with_python_inputs(db):
    """settings.FORM_RENDERER: a bound form with errors writes the same fields as Django's renderer."""
    from django.forms.renderers import DjangoTemplates

    from campaign.forms import AcademyInterestForm

    data = {"name": "Jo <b>&</b>", "email": "not-an-email", "postcode": "NE1 4ST", "consent": ""}
    with time_machine.travel(timezone.now(), tick=False):  # the same fill-time stamp in both
        form = AcademyInterestForm(data, academy_name="Newcastle & Co")
        django_form = AcademyInterestForm(data, academy_name="Newcastle & Co", renderer=DjangoTemplates())

    ours = [str(form[name]) for name in form.fields]
    assert "Jo &lt;b&gt;&amp;&lt;/b&gt;" in ours[0]
    assert ours == [str(django_form[name]) for name in django_form.fields]
