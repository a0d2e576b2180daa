from __future__ import annotations

from django import forms

from ats.models import JobAlert


class JobAlertForm(forms.Form):
    email = forms.EmailField(label="Email address", help_text="We'll only use it to send you this alert.")
    frequency = forms.ChoiceField(
        label="How often do you want emails?",
        choices=JobAlert.Frequency.choices,
        initial=JobAlert.Frequency.DAILY,
        widget=forms.RadioSelect,
    )
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)
