"""cms.widgets.Select writes the markup Django's Select writes from its templates."""

from __future__ import annotations

import pytest

from django import forms

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
