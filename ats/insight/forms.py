"""Forms of management information: a hire's start, and the "still in post?" answer."""

from __future__ import annotations

from django import forms

from ats.insight.models import Start, TenureCheck
from cms.form_fields import DateInput


class StartForm(forms.Form):
    started = forms.TypedChoiceField(
        label="Did they start work?",
        choices=[("yes", "Yes, they started"), ("no", "No, they did not start")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    start_date = forms.DateField(
        label="Date they started", required=False, widget=DateInput, help_text="For example, 2026-03-27"
    )
    no_start_reason = forms.ChoiceField(
        label="If they did not start, why not?",
        choices=Start.NoStartReason.choices,
        required=False,
        widget=forms.RadioSelect,
    )

    def clean(self):
        data = super().clean()
        if data.get("started") is True and not data.get("start_date"):
            self.add_error("start_date", "Enter the date they started.")
        if data.get("started") is False and not data.get("no_start_reason"):
            self.add_error("no_start_reason", "Choose why they did not start.")
        return data


class TenureAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label="Are they still in post?",
        choices=[
            (TenureCheck.Answer.IN_POST, "Yes, still in post"),
            (TenureCheck.Answer.LEFT, "No, they have left"),
        ],
        widget=forms.RadioSelect,
    )
    left_reason = forms.ChoiceField(
        label="If they have left, why?",
        choices=TenureCheck.LeftReason.choices,
        required=False,
        widget=forms.RadioSelect,
    )

    def clean(self):
        data = super().clean()
        if data.get("answer") == TenureCheck.Answer.LEFT and not data.get("left_reason"):
            self.add_error("left_reason", "Choose why they left, or “Not known”.")
        return data
