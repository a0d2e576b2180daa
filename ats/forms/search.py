"""The job search form: lenient about everything except the postcode, which it explains."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms

from ats.models import LocalAuthority, Organisation, PostcodeDistrict, Role, Vacancy
from ats.services.postcodes import Place, PostcodeError, lookup

RADIUS_CHOICES = [1, 3, 5, 10, 15, 20, 30, 50]
DEFAULT_RADIUS = 10
MAX_KEYWORD_LENGTH = 100
MAX_PAGE = 500
MIN_PAY_CHOICES = ["12.21", "12.50", "13.00", "14.00", "15.00", "17.50", "20.00"]
HOURS_CHOICES = [("under_16", "Under 16 hours"), ("16_29", "16 to 29 hours"), ("30_plus", "30 hours or more")]
SORT_CHOICES = [
    ("relevance", "Best match"),
    ("distance", "Distance"),
    ("newest", "Newest"),
    ("pay", "Highest pay"),
    ("closing", "Closing soonest"),
]
KIND_CHOICES = [
    (Organisation.Kind.PROVIDER.value, "Independent care provider"),
    (Organisation.Kind.VOLUNTARY.value, "Charity or voluntary sector"),
    (Organisation.Kind.COUNCIL_SERVICE.value, "Council care service"),
    (Organisation.Kind.ACADEMY.value, "Care academy"),
    (Organisation.Kind.NHS_TRUST.value, "NHS (Agenda for Change pay)"),
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.place: Place | None = None
        self.split_councils: list[LocalAuthority] = []
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

    def clean_postcode(self) -> str:
        value = (self.cleaned_data.get("postcode") or "").strip()[:20]
        if not value:
            return ""
        try:
            self.place = lookup(value)
        except PostcodeError as error:
            raise forms.ValidationError(str(error)) from None
        if self.place.council_uncertain:
            district = PostcodeDistrict.objects.filter(outcode=self.place.query.split(" ")[0]).first()
            codes = [self.place.la_code, *(district.other_councils if district else {})]
            found = {la.ons_code: la for la in LocalAuthority.objects.filter(ons_code__in=codes)}
            self.split_councils = [found[c] for c in codes if c in found]
        return self.place.query

    @property
    def chosen_council(self) -> LocalAuthority | None:
        slug = self.data.get("council", "")
        return next((la for la in self.split_councils if la.slug == slug), None)

    @property
    def needs_council(self) -> bool:
        return bool(self.place and self.place.council_uncertain and self.split_councils) and (
            self.chosen_council is None
        )

    def criteria(self) -> dict:
        """The cleaned search, keeping everything valid even when the postcode was not."""
        data = dict(self.cleaned_data) if hasattr(self, "cleaned_data") else {}
        data.pop("page", None)
        data.pop("council", None)
        data["role_ids"] = [r.pk for r in self.roles if r.slug in data.get("role", [])]
        data["area_ids"] = [a.pk for a in self.areas if a.slug in data.get("area", [])]
        if self.place:
            data["latitude"], data["longitude"] = self.place.latitude, self.place.longitude
        return data
