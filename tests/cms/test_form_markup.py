"""The error summaries and fields written in Python (cms.form_markup) are what the shared form
templates (components/form_errors.html, form_fields.html, form_field.html and error_summary.html,
still used by other forms) write, byte for byte: every kind of field (text, optional, email, number, textarea, select,
radios, tick boxes, one tick box, hidden, the honeypot), with and without hints and errors, unbound
and bound, and labels, hints, values and errors that need escaping."""

from django import forms
from django.template import engines
from django.utils.safestring import mark_safe

from cms.form_markup import error_summary, form_errors, form_fields

HOSTILE = """<b>Tom & "Jerry"</b> 'quoted' <script>alert(1)</script>"""
CHOICES = [("a", "Days"), ("b&c", HOSTILE), ("", "None")]


class EveryKindForm(forms.Form):
    name = forms.CharField(label="Full name", widget=forms.TextInput(attrs={"autocomplete": "name"}))
    nickname = forms.CharField(label=HOSTILE, required=False, help_text=mark_safe("Say <b>hi</b>"))
    unlabelled = forms.CharField(label="", required=False)
    email = forms.EmailField(help_text=HOSTILE)
    age = forms.IntegerField(required=False, min_value=16)
    about = forms.CharField(widget=forms.Textarea, required=False)
    shift = forms.ChoiceField(choices=CHOICES, required=False)
    hours = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect, help_text="Pick one")
    days = forms.MultipleChoiceField(choices=CHOICES, widget=forms.CheckboxSelectMultiple, required=False)
    consent = forms.BooleanField(label="I agree & consent", help_text="<i>Required</i>")
    news = forms.BooleanField(required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"style": "position:absolute"}))

    def clean(self):
        if self.data.get("name") == "clash":
            raise forms.ValidationError(["Something & <else>", "A second problem"])
        return self.cleaned_data


def _as_before(form) -> tuple[str, str, str]:
    template = engines["django"].from_string(
        '{% include "components/form_errors.html" %}|{% include "components/form_fields.html" %}|'
        '{% include "components/error_summary.html" %}'
    )
    return tuple(template.render({"form": form}).split("|", 2))


def _assert_same(make_form) -> tuple[str, str, str]:
    """Each side gets a form of its own: the widget filter changes the widgets' attributes."""
    new = (form_errors(make_form()), form_fields(make_form()), error_summary(make_form()))
    assert new == _as_before(make_form())
    return new


def test_an_unbound_form():
    errors, fields, _summary = _assert_same(EveryKindForm)
    assert errors == "\n" and 'class="honeypot"' in fields and "(optional)" in fields
    assert "&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;" in fields  # a label; hints are developers' HTML
    _assert_same(lambda: EveryKindForm(initial={"name": HOSTILE, "hours": "b&c", "days": ["a", ""]}))


def test_bound_forms_with_and_without_errors():
    posts = [
        {},
        {"name": "clash", "email": "x", "hours": "z", "age": "3", "website": HOSTILE, "token": HOSTILE},
        {"name": HOSTILE, "email": "a@example.org", "hours": "a", "consent": "on", "days": ["a", "b&c"]},
        {"name": "clash", "email": "a@example.org", "hours": "", "consent": "on", "about": HOSTILE},
    ]
    for data in posts:

        def make(data=data):
            form = EveryKindForm(data)
            form.is_valid()
            return form

        errors, _fields, summary = _assert_same(make)
    assert "There is a problem" in errors and "Something &amp; &lt;else&gt;" in errors
    assert 'href="#id_hours_0"' in errors and "A second problem" in summary  # the first radio


def test_a_form_with_no_fields():
    _assert_same(forms.Form)
    assert error_summary(None) == engines["django"].from_string(
        '{% include "components/error_summary.html" %}'
    ).render({})
