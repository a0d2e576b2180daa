"""The job search form: lenient about everything except the postcode, which it explains."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.dateparse import parse_datetime

from ats.jobs.models import Role, Vacancy
from ats.jobs.search_terms import HOURS_CHOICES, KIND_CHOICES
from ats.places.models import LocalAuthority, PostcodeDistrict
from ats.places.postcodes import Place, PostcodeError, lookup

RADIUS_CHOICES = [1, 3, 5, 10, 15, 20, 30, 50]
OUTSIDE = "other"  # the answer "another council, outside the North East" for a split district
DEFAULT_RADIUS = 10
MAX_KEYWORD_LENGTH = 100
MAX_PAGE = 500
SORT_CHOICES = [
    ("relevance", "Best match"),
    ("distance", "Distance"),
    ("newest", "Newest"),
    ("pay", "Highest pay"),
    ("closing", "Closing soonest"),
]


class LenientMultipleChoiceField(forms.MultipleChoiceField):
    """Drops values it does not know (an old bookmark, a hand-edited URL) instead of failing."""

    def clean(self, value):
        known = {str(key) for key, _ in self.choices}
        return [item for item in self.to_python(value) if item in known]


class JobSearchForm(forms.Form):
    q = forms.CharField(label="Job title or keywords", required=False)
    postcode = forms.CharField(
        label="Postcode", required=False, help_text="Your full postcode, or the first half, like NE1"
    )
    radius = forms.CharField(
        label="Distance",
        required=False,
        widget=forms.Select(choices=[(r, f"Within {r} mile{'s' if r > 1 else ''}") for r in RADIUS_CHOICES]),
        initial=DEFAULT_RADIUS,
    )
    council = forms.CharField(required=False, widget=forms.HiddenInput)
    role = LenientMultipleChoiceField(
        label="Type of job", required=False, widget=forms.CheckboxSelectMultiple
    )
    setting = LenientMultipleChoiceField(
        label="Where you would work", required=False, choices=Vacancy.Setting.choices
    )
    contract = LenientMultipleChoiceField(label="Contract", required=False, choices=Vacancy.Contract.choices)
    pattern = LenientMultipleChoiceField(
        label="Working pattern", required=False, choices=Vacancy.Pattern.choices
    )
    hours = LenientMultipleChoiceField(label="Hours a week", required=False, choices=HOURS_CHOICES)
    kind = LenientMultipleChoiceField(label="Employer", required=False, choices=KIND_CHOICES)
    area = LenientMultipleChoiceField(label="Council area", required=False)
    min_pay = forms.CharField(label="Minimum pay an hour", required=False)
    no_driving = forms.BooleanField(label="No driving needed", required=False)
    sponsorship = forms.BooleanField(label="Visa sponsorship offered", required=False)
    new_to_care = forms.BooleanField(label="New to care welcome", required=False)
    sort = forms.CharField(required=False)
    page = forms.CharField(required=False)
    since = forms.CharField(required=False, widget=forms.HiddenInput)  # an alert's "see all" link

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.place: Place | None = None
        self.split_councils: list[LocalAuthority] = []
        self.split_outside = False  # part of the split district is in a council outside our list
        self.chosen_council: LocalAuthority | None = None
        self.chose_outside = False
        self.roles = list(Role.objects.only("pk", "name", "slug"))
        self.areas = list(LocalAuthority.objects.filter(in_region=True).only("pk", "name", "slug"))
        self.fields["role"].choices = [(r.slug, r.name) for r in self.roles]
        self.fields["area"].choices = [(a.slug, a.name) for a in self.areas]

    # Every value below is clamped or dropped, never an error: only the postcode is explained.
    def clean_q(self) -> str:
        return " ".join((self.cleaned_data.get("q") or "").split())[:MAX_KEYWORD_LENGTH]

    def clean_radius(self) -> int:
        """Clamp rather than refuse: radius=99999 → 50, radius=abc → the default."""
        try:
            value = int(float(self.cleaned_data.get("radius") or DEFAULT_RADIUS))
        except (TypeError, ValueError, OverflowError):
            value = DEFAULT_RADIUS
        return next((r for r in RADIUS_CHOICES if r >= value), RADIUS_CHOICES[-1])

    def clean_min_pay(self) -> Decimal | None:
        raw = (self.cleaned_data.get("min_pay") or "").replace("£", "").strip()
        try:
            value = Decimal(raw)
        except InvalidOperation:
            return None
        if not value.is_finite() or value <= 0:
            return None
        return min(value, Decimal("100"))

    def clean_sort(self) -> str:
        value = self.cleaned_data.get("sort") or ""
        return value if value in dict(SORT_CHOICES) else ""

    def clean_page(self) -> int:
        try:
            value = int(self.cleaned_data.get("page") or 1)
        except ValueError:
            value = 1
        return max(1, min(value, MAX_PAGE))

    def clean_since(self) -> datetime.datetime | None:
        """Jobs posted at or after this moment (ISO 8601); anything unreadable is ignored."""
        try:
            value = parse_datetime((self.cleaned_data.get("since") or "")[:40])
        except ValueError:
            return None
        if value is None or value.tzinfo is None:
            return None
        return value

    def clean_postcode(self) -> str:
        value = (self.cleaned_data.get("postcode") or "").strip()[:20]
        if not value:
            return ""
        try:
            self.place = lookup(value)
        except PostcodeError as error:
            raise forms.ValidationError(str(error)) from None
        if self.place.council_uncertain:
            self._resolve_council()
        return self.place.query

    def _resolve_council(self) -> None:
        """A district split between councils: offer its councils and, once the person has said which
        is theirs, make it the place's council (the region check, the area shortcut, alerts)."""
        district = PostcodeDistrict.objects.filter(outcode=self.place.query.split(" ")[0]).first()
        codes = [self.place.la_code, *(district.other_councils if district else {})]
        found = {la.ons_code: la for la in LocalAuthority.objects.filter(ons_code__in=codes)}
        self.split_councils = [found[c] for c in codes if c in found]
        self.split_outside = any(c not in found for c in codes)
        answer = str(self.data.get("council", ""))[:100]
        self.chosen_council = next((la for la in self.split_councils if la.slug == answer), None)
        self.chose_outside = answer == OUTSIDE and self.split_outside
        if self.chosen_council:
            la = self.chosen_council
            self.place = dataclasses.replace(
                self.place, local_authority=la, la_code=la.ons_code, council_uncertain=False
            )
        elif self.chose_outside:
            self.place = dataclasses.replace(
                self.place, local_authority=None, la_code="", council_uncertain=False
            )

    @property
    def council_answer(self) -> str:
        return self.chosen_council.slug if self.chosen_council else OUTSIDE if self.chose_outside else ""

    @property
    def needs_council(self) -> bool:
        return bool(self.place and self.place.council_uncertain and self.split_councils)

    @property
    def home_area(self) -> LocalAuthority | None:
        """The council the person said they live in, when it is one of the region's (area filter)."""
        la = self.chosen_council
        return la if la and la.in_region and any(a.pk == la.pk for a in self.areas) else None

    def criteria(self) -> dict:
        """The cleaned search, keeping everything valid even when the postcode was not."""
        data = dict(self.cleaned_data) if hasattr(self, "cleaned_data") else {}
        data.pop("page", None)
        data["council"] = self.council_answer
        data["role_ids"] = [r.pk for r in self.roles if r.slug in data.get("role", [])]
        data["area_ids"] = [a.pk for a in self.areas if a.slug in data.get("area", [])]
        if self.place:
            data["latitude"], data["longitude"] = self.place.latitude, self.place.longitude
        return data
