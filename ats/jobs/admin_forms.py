"""Admin forms for the Wagtail viewsets."""

from __future__ import annotations

from django import forms

from wagtail.admin.forms import WagtailAdminModelForm

from ats.jobs.models import Vacancy


class VacancyAdminForm(WagtailAdminModelForm):
    benefits = forms.MultipleChoiceField(
        choices=Vacancy.Benefit.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("apply_method") == Vacancy.ApplyMethod.EXTERNAL and not cleaned.get("external_url"):
            self.add_error("external_url", "Enter the address of the page where people apply.")
        low, high = cleaned.get("pay_min"), cleaned.get("pay_max")
        if low is not None and high is not None and high < low:
            self.add_error("pay_max", "The most you pay must be the same as or more than the least.")
        if cleaned.get("afc_band") and cleaned["afc_band"].lower() not in {
            "1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9",
        }:  # fmt: skip
            self.add_error("afc_band", "Enter an Agenda for Change band: 2 to 9, or 8a to 8d.")
        return cleaned
