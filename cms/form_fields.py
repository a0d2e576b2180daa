"""Shared form pieces of the public forms (ATS and campaign): safe text, a honeypot, UK phone numbers,
postcodes, yes/no radios."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

_ALLOWED_CONTROL = {"\n", "\r", "\t"}
_PHONE_RE = re.compile(r"^(?:\+44|0044|0)([1-37-9]\d{8,9})$")
YES_NO = [("yes", "Yes"), ("no", "No")]


class DateInput(forms.DateInput):
    """The browser's date picker. It shows and posts a date written YYYY-MM-DD only: one written in
    the locale's way (31/12/2026) shows as empty and is posted empty, which cleared every saved
    date (issue 21.3). So the format is fixed here, whatever the locale."""

    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs, format=format or "%Y-%m-%d")


def has_control_characters(value: str, *, multiline: bool) -> bool:
    allowed = _ALLOWED_CONTROL if multiline else set()
    return any((not ch.isprintable() and ch not in allowed and ch != " ") for ch in value)


class SafeTextMixin:
    """Refuse control characters (other than line breaks in long answers) in every text field.
    Script tags are allowed as text: templates escape everything on the way out."""

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            raw = self.data.get(self.add_prefix(name)) if self.is_bound else None
            if not isinstance(raw, str) or not isinstance(field, forms.CharField):
                continue
            if has_control_characters(raw, multiline=isinstance(field.widget, forms.Textarea)):
                self.add_error(name, "Remove the hidden or special characters from your answer")
        return cleaned


class HoneypotMixin:
    """A field people never see; bots fill it in. Check `form.is_spam` after validation."""

    honeypot_field = "website"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.honeypot_field] = forms.CharField(
            required=False,
            label="Leave this empty",
            max_length=200,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(self.add_prefix(self.honeypot_field)))


def normalise_uk_phone(value: str) -> str:
    """'+44 7700 900123' -> '07700 900123'. Raises ValidationError for anything else."""
    compact = re.sub(r"[\s\-().]", "", value or "")
    match = _PHONE_RE.match(compact)
    if not match:
        raise ValidationError("Enter a UK phone number, like 07700 900 982 or 0191 498 0000")
    digits = "0" + match.group(1)
    if digits.startswith("07"):
        return f"{digits[:5]} {digits[5:]}"
    if len(digits) == 11:
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    return f"{digits[:5]} {digits[5:]}"


class UKPhoneField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("label", "Phone number")
        kwargs.setdefault("help_text", "A UK mobile or landline. Employers use it to arrange interviews.")
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return normalise_uk_phone(value) if value else value


class PostcodeField(forms.CharField):
    """A full UK postcode we can place. `form.cleaned_data[name]` is the normalised postcode and the
    place found is kept on `field.place`. `lookup` places a postcode (ats.places.postcodes.lookup):
    it returns a place whose `query` is the normalised postcode, or raises ValueError with a message
    for the person."""

    def __init__(self, *, lookup: Callable[[str], Any], **kwargs):
        self.lookup = lookup
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("label", "Postcode")
        kwargs.setdefault("help_text", "We use it to show how far jobs are from you. For example, NE1 4ST")
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"autocomplete": "postal-code", "class": "input input--width-10"})
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        try:
            place = self.lookup(value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc
        if " " not in place.query:
            raise ValidationError("Enter your full postcode, like NE1 4ST")
        self.place = place
        return place.query


def yes_no_field(label: str, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=YES_NO, widget=forms.RadioSelect, **kwargs)
