from __future__ import annotations

from django import forms

from ats.services.postcodes import PostcodeError, normalise_outcode_or_postcode


class EventRegistrationForm(forms.Form):
    name = forms.CharField(
        label="Full name", max_length=120, error_messages={"required": "Enter your full name"}
    )
    email = forms.EmailField(
        label="Email address",
        help_text="We'll send your calendar invite and a reminder here.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    phone = forms.CharField(label="Phone number (optional)", max_length=40, required=False)


class AcademyFinderForm(forms.Form):
    postcode = forms.CharField(
        label="Your postcode",
        max_length=10,
        help_text="For example, NE1 4ST",
        error_messages={"required": "Enter your postcode"},
    )

    def clean_postcode(self) -> str:
        try:
            return normalise_outcode_or_postcode(self.cleaned_data["postcode"])
        except PostcodeError as exc:
            raise forms.ValidationError(str(exc)) from exc
