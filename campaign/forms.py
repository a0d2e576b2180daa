from __future__ import annotations

from django import forms

from ats.places.postcodes import PostcodeError, lookup, normalise_outcode_or_postcode
from cms.fill_time import FillTimeMixin
from cms.form_fields import HoneypotMixin, PostcodeField, SafeTextMixin, UKPhoneField


class EventRegistrationForm(FillTimeMixin, forms.Form):
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
    access_needs = forms.CharField(
        label="Do you need any support or access arrangements to come?",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example step-free access, a British Sign Language interpreter, a quiet space "
        "or someone to meet you at the door. The organisers will see this.",
    )


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


def academy_consent(academy_name: str) -> str:
    """The consent wording shown beside the box and stored with the enquiry."""
    return (
        f"We will pass your details to {academy_name} so they can contact you about their free training "
        "and care jobs. See our privacy notice for how long we keep them."
    )


class AcademyInterestForm(FillTimeMixin, HoneypotMixin, SafeTextMixin, forms.Form):
    """'Register your interest' on an academy page: becomes an enquiry addressed to that academy."""

    name = forms.CharField(
        label="Full name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your full name"},
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We'll send a confirmation here.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    phone = UKPhoneField(required=False, help_text="If you would rather the academy phoned you.")
    postcode = PostcodeField(
        lookup=lookup,
        help_text="So the academy knows where you live. For example, NE1 4ST",
        error_messages={"required": "Enter your postcode"},
    )
    consent = forms.BooleanField(
        label="I agree to the academy contacting me",
        error_messages={"required": "Tick the box so the academy can contact you"},
    )

    def __init__(self, *args, academy_name: str = "the academy", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].help_text = academy_consent(academy_name)
