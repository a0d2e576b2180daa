"""The referee's short form, and the candidate's page giving referees at offer."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from cms.form_fields import DateInput

YES_NO = [("no", "No"), ("yes", "Yes")]


class ReferenceForm(forms.Form):
    """What care employers ask a referee: dates and role, and the regulated-activity questions."""

    known_from = forms.DateField(label="They worked with you (or you knew them) from", widget=DateInput)
    known_to = forms.DateField(
        label="Until", required=False, widget=DateInput, help_text="Leave empty if they still do."
    )
    role = forms.CharField(label="Their job title or role", max_length=150)
    unsuitable = forms.ChoiceField(
        label="Do you know of any reason they should not work with adults who need care and support "
        "(regulated activity)?",
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    disciplinary = forms.ChoiceField(
        label="Were they the subject of disciplinary action or a safeguarding concern while you knew them?",
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label="If you answered yes, please give details",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    re_employ = forms.ChoiceField(
        label="Would you employ them again?",
        choices=[("yes", "Yes"), ("no", "No"), ("not_applicable", "Not applicable")],
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(
        label="Anything else the employer should know",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(label="The information I have given is true, to the best of my knowledge")

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        start, end = data.get("known_from"), data.get("known_to")
        if start and start > today:
            self.add_error("known_from", "The start date cannot be in the future.")
        if end and end > today:
            self.add_error(
                "known_to",
                "The end date cannot be in the future: leave it empty if they still work with you.",
            )
        if start and end and end < start:
            self.add_error("known_to", "The end date must be after the start date.")
        if (
            "yes" in (data.get("unsuitable"), data.get("disciplinary"))
            and not data.get("details", "").strip()
        ):
            self.add_error("details", "Give details of what you answered yes to.")
        return data

    def answers(self) -> list[list[str]]:
        """[label, answer] as the referee gave them, for the application page."""
        rows = []
        for name, field in self.fields.items():
            if name == "confirm":
                continue
            value = self.cleaned_data.get(name)
            if isinstance(field, forms.ChoiceField):
                value = dict(field.choices).get(value, value)
            elif hasattr(value, "strftime"):
                value = f"{value:%-d %B %Y}"
            rows.append(
                [str(field.label), str(value or ("Still works with them" if name == "known_to" else ""))]
            )
        return rows


class RefereesForm(forms.Form):
    """Two referees, with email addresses so they can be asked online."""

    referee_1_name = forms.CharField(label="First referee's name", max_length=150)
    referee_1_relationship = forms.CharField(
        label="How do they know you?", max_length=150, help_text="For example, your manager at your last job"
    )
    referee_1_email = forms.EmailField(label="Their email address")
    referee_2_name = forms.CharField(label="Second referee's name", max_length=150)
    referee_2_relationship = forms.CharField(label="How do they know you?", max_length=150)
    referee_2_email = forms.EmailField(label="Their email address")

    def referees(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {key: data[f"referee_{n}_{key}"] for key in ("name", "relationship", "email")} for n in (1, 2)
        ]
