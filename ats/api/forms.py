"""The portal's form for a new API key."""

from __future__ import annotations

from django import forms

from cms.form_fields import SafeTextMixin


class ApiKeyForm(SafeTextMixin, forms.Form):
    name = forms.CharField(
        label="What will use this key?",
        help_text="For example, 'Our HR system'. You will see this name in the list of keys.",
        max_length=100,
        error_messages={"required": "Enter what will use this key"},
    )
