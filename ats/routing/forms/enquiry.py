from __future__ import annotations

from django import forms

from ats.applications.forms.profile import AVAILABILITY
from ats.applications.models import CandidateProfile, Enquiry
from ats.jobs.models import Vacancy
from ats.places.postcodes import lookup
from ats.routing.academy import REFERRAL_CONSENT
from cms.fill_time import FillTimeMixin
from cms.form_fields import HoneypotMixin, PostcodeField, SafeTextMixin, UKPhoneField, yes_no_field

ENQUIRY_CONSENT = (
    "We will pass your details to the care academy for your area, or to a care employer near you, so "
    "they can contact you about care jobs and training. See our privacy notice for how long we keep them."
)
INTERESTS = [
    ("care_worker", "Helping people at home or in a care home (care worker)"),
    ("support_worker", "Supporting people with learning disabilities or autism"),
    ("nursing", "Nursing"),
    ("nhs", "Working for the NHS"),
    ("training", "Training to start a career in care"),
    *[(value, label) for value, label in Vacancy.Setting.choices if value in {"day_services", "reablement"}],
]

DEFAULT_TRAVEL_MILES = Enquiry._meta.get_field("max_travel_miles").get_default()
TRAVEL_CHOICES = [(miles, f"Up to {miles} miles") for miles in (5, 10, 20, 30, 50)]


class EnquiryForm(FillTimeMixin, HoneypotMixin, SafeTextMixin, forms.Form):
    name = forms.CharField(
        label="Your name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label="Email address", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = UKPhoneField(required=False, help_text="If you would like a call back.")
    postcode = PostcodeField(
        lookup=lookup, help_text="So we can put you in touch with people near you. For example, NE1 4ST"
    )
    interests = forms.MultipleChoiceField(
        label="What interests you?",
        choices=INTERESTS,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        required=False,
    )
    experience = forms.ChoiceField(
        label="Have you worked in care before?",
        choices=CandidateProfile.Experience.choices,
        widget=forms.RadioSelect,
    )
    availability = forms.MultipleChoiceField(
        label="When could you work?",
        choices=AVAILABILITY,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    driving = yes_no_field("Do you drive?", required=False)
    max_travel_miles = forms.TypedChoiceField(
        label="How far could you travel to work or train?",
        choices=TRAVEL_CHOICES,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        required=False,
        help_text=f"If you do not say, we will take it as {DEFAULT_TRAVEL_MILES} miles.",
    )
    over_18 = yes_no_field("Are you 18 or over?")
    message = forms.CharField(
        label="Anything you would like to tell us or ask?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent = forms.BooleanField(
        label="I agree to you passing my details on",
        help_text=ENQUIRY_CONSENT,
        error_messages={"required": "Tick the box so we can pass your details to someone who can help"},
    )
    referral_consent = forms.BooleanField(
        label="I also agree to being referred to other care organisations (optional)",
        help_text=REFERRAL_CONSENT,
        required=False,
    )
