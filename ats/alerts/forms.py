from __future__ import annotations

from django import forms

from ats.alerts.models import JobAlert
from cms.fill_time import FillTimeMixin


class JobAlertForm(FillTimeMixin, forms.Form):
    email = forms.EmailField(label="Email address", help_text="We'll only use it to send you this alert.")
    frequency = forms.ChoiceField(
        label="How often do you want emails?",
        choices=JobAlert.Frequency.choices,
        initial=JobAlert.Frequency.DAILY,
        widget=forms.RadioSelect,
    )
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)

    def __init__(self, *args, councils: list[tuple[str, str]] | None = None, **kwargs):
        """`councils`: the search's postcode district is split between these; ask which is theirs."""
        super().__init__(*args, **kwargs)
        if councils:
            self.fields["council"] = forms.ChoiceField(
                label="Which council area do you live in?",
                choices=councils,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose the council area you live in"},
            )
