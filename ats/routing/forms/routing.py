"""Forms for routing: the admin "try it" screen, referrals, course invitations."""

from __future__ import annotations

from django import forms

from ats.jobs.models import Role, Vacancy
from ats.organisations.models import Organisation
from ats.places.postcodes import PostcodeError, normalise_outcode_or_postcode
from ats.routing.models import Cohort, Referral

EXPERIENCE = [("none", "New to care"), ("some", "Less than a year"), ("experienced", "A year or more")]


def interest_choices() -> list[tuple[str, str]]:
    roles = [(role.slug, role.name) for role in Role.objects.all()]
    return roles + list(Vacancy.Setting.choices)


class TryRoutingForm(forms.Form):
    postcode = forms.CharField(max_length=8, help_text="A full postcode (NE1 4ST) or a district (DH3).")
    experience = forms.ChoiceField(choices=EXPERIENCE, widget=forms.RadioSelect, initial="none")
    interests = forms.MultipleChoiceField(choices=(), required=False, widget=forms.CheckboxSelectMultiple)
    nhs_interest = forms.BooleanField(label="Interested in working for the NHS", required=False)
    hours_wanted = forms.IntegerField(min_value=1, max_value=60, required=False)
    driving = forms.BooleanField(label="Drives", required=False)
    max_travel_miles = forms.IntegerField(min_value=1, max_value=100, initial=10, required=False)
    age = forms.ChoiceField(
        label="Age",
        choices=[("18_plus", "18 or over"), ("under_18", "Under 18")],
        widget=forms.RadioSelect,
        initial="18_plus",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interests"].choices = interest_choices()

    def clean_postcode(self) -> str:
        try:
            return normalise_outcode_or_postcode(self.cleaned_data["postcode"])
        except PostcodeError as exc:
            raise forms.ValidationError(str(exc)) from exc


class ReferralForm(forms.Form):
    to_org = forms.ModelChoiceField(
        label="Organisation to refer them to", queryset=Organisation.objects.none(), empty_label=None
    )
    vacancy = forms.ModelChoiceField(
        label="Vacancy (optional)", queryset=Vacancy.objects.none(), required=False
    )
    fields = forms.MultipleChoiceField(
        label="What to share",
        choices=Referral.SHAREABLE_FIELDS,
        initial=["name", "email", "phone", "experience"],
        widget=forms.CheckboxSelectMultiple,
        help_text="The receiving organisation sees only these.",
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, from_org: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_org"].queryset = Organisation.objects.exclude(pk=from_org.pk).order_by("name")
        self.fields["vacancy"].queryset = Vacancy.objects.filter(status=Vacancy.Status.LIVE).select_related(
            "organisation"
        )

    def clean(self):
        cleaned = super().clean()
        vacancy, to_org = cleaned.get("vacancy"), cleaned.get("to_org")
        if vacancy and to_org and vacancy.organisation_id != to_org.pk:
            self.add_error("vacancy", "Choose a vacancy at the organisation you are referring them to")
        return cleaned


class InviteForm(forms.Form):
    cohort = forms.ModelChoiceField(label="Course", queryset=Cohort.objects.none(), empty_label=None)

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
