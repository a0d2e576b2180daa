"""The portal's vacancy form. Fields live in VACANCY_FIELDS only: add new Vacancy fields there."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from ats.jobs.models import ScreeningQuestion, Vacancy
from ats.jobs.pay import FULL_TIME_HOURS, WEEKS_PER_YEAR
from ats.jobs.pay_rates import minimum_hourly
from ats.organisations.models import Location, Organisation
from cms.form_fields import DateInput

VACANCY_FIELDS = [
    "organisation",
    "title",
    "role",
    "setting",
    "locations",
    "contract",
    "pattern",
    "hours_per_week",
    "pay_min",
    "pay_max",
    "pay_period",
    "afc_band",
    "summary",
    "description",
    "posts",
    "covers_area",
    "area_description",
    "benefits",
    "dbs_level",
    "care_certificate_required",
    "qualification",
    "experience",
    "own_vehicle_required",
    "closing_date",
    "start_date",
    "new_to_care_welcome",
    "driving_required",
    "visa_sponsorship",
    "apprenticeship",
    "apply_method",
    "external_url",
    "anonymised_shortlisting",
]


class VacancyForm(forms.ModelForm):
    benefits = forms.MultipleChoiceField(
        choices=Vacancy.Benefit.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Vacancy
        fields = VACANCY_FIELDS
        widgets = {
            "closing_date": DateInput,
            "start_date": DateInput,
            "locations": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = None
        if self.instance.pk:
            self.fields["organisation"].disabled = True
        org_ids = (
            [self.instance.organisation_id]
            if self.instance.pk
            else list(organisations.values_list("pk", flat=True))
        )
        self.fields["locations"].queryset = Location.objects.filter(organisation_id__in=org_ids)
        self.fields["locations"].required = False

    def clean(self):
        data = super().clean()
        pay_min, pay_max = data.get("pay_min"), data.get("pay_max")
        if pay_min and pay_max and pay_max < pay_min:
            self.add_error("pay_max", "The top of the pay range must not be below the bottom.")
        self._refuse_pay_below_the_legal_minimum(data)
        if data.get("apply_method") == Vacancy.ApplyMethod.EXTERNAL and not data.get("external_url"):
            self.add_error("external_url", "Enter the web address where candidates apply.")
        locations = data.get("locations")
        organisation = data.get("organisation") or (self.instance.organisation if self.instance.pk else None)
        if locations and organisation and any(loc.organisation_id != organisation.pk for loc in locations):
            self.add_error("locations", "Choose locations of the organisation that is advertising.")
        return data

    def _refuse_pay_below_the_legal_minimum(self, data) -> None:
        """The National Living Wage (or the apprentice rate for an apprenticeship), from
        ats/data/pay_rates.csv. Annual pay is compared per hour over the post's hours."""
        pay_min = data.get("pay_min")
        if pay_min is None or data.get("afc_band"):
            return
        floor = minimum_hourly(apprenticeship=bool(data.get("apprenticeship")))
        if floor is None:
            return
        hourly = Decimal(pay_min)
        if data.get("pay_period") == Vacancy.PayPeriod.YEAR:
            hours = Decimal(data.get("hours_per_week") or FULL_TIME_HOURS)
            hourly = (hourly / (hours * WEEKS_PER_YEAR)).quantize(Decimal("0.01"))
        if hourly < floor.hourly:
            what = "the apprentice rate" if floor.rate == "apprentice" else "the National Living Wage"
            self.add_error(
                "pay_min",
                f"Pay must be at least {what}, £{floor.hourly} an hour from "
                f"{floor.valid_from:%-d %B %Y} (this is £{hourly} an hour).",
            )


class OrganisationChoiceForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none())


class ScreeningQuestionForm(forms.ModelForm):
    choices = forms.CharField(
        label="Options (for “choose one”)",
        required=False,
        help_text="One option a line.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = ScreeningQuestion
        fields = ["text", "kind", "choices", "knockout_answer"]
        labels = {"text": "Question", "kind": "Type of answer"}

    def clean_choices(self):
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]

    def clean(self):
        data = super().clean()
        if data.get("kind") == ScreeningQuestion.Kind.CHOICE and len(data.get("choices") or []) < 2:
            self.add_error("choices", "Give at least two options.")
        return data
