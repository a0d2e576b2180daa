from __future__ import annotations

from django import forms

from ats.applications.models import EqualityResponse

EQUALITY_WORDING = (
    "These questions are optional. Your answers are kept apart from your applications: employers never "
    "see them. We use them only to count, across many people, who our campaign reaches."
)


class EqualityForm(forms.ModelForm):
    class Meta:
        model = EqualityResponse
        fields = EqualityResponse.REPORTED_FIELDS
        labels = {
            "age_band": "What is your age?",
            "sex": "What is your sex?",
            "ethnicity": "What is your ethnic group?",
            "religion": "What is your religion?",
            "sexual_orientation": "Which of the following best describes your sexual orientation?",
        }
        widgets = dict.fromkeys(EqualityResponse.REPORTED_FIELDS, forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.choices = [choice for choice in field.choices if choice[0] != ""]
            field.error_messages["required"] = "Select an answer, or “Prefer not to say”"
