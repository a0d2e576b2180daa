"""The candidate profile as short forms, one topic each, shared by the profile pages and the apply
journey (which is prefilled from the profile and writes its answers back on submit).

Every form here takes and gives JSON-friendly values: `initial_for(user)` reads the profile,
`save_to_profile(user, data)` writes `cleaned_data` (or a draft's stored answers) back."""

from __future__ import annotations

from django import forms

from ats.applications.models import CandidateProfile
from ats.jobs.models import Role, Vacancy
from ats.places.postcodes import PostcodeError, lookup
from cms.form_fields import PostcodeField, SafeTextMixin, UKPhoneField, yes_no_field

AVAILABILITY = [("days", "Days"), ("nights", "Nights"), ("weekends", "Weekends")]


def needs_driving(vacancy: Vacancy) -> bool:
    """Home care and jobs that say so need a licence and a car: asked, and told at the question."""
    return vacancy.driving_required or vacancy.setting == Vacancy.Setting.HOME_CARE


def profile_for(user) -> CandidateProfile:
    profile, _ = CandidateProfile.objects.get_or_create(user=user)
    return profile


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


class ProfileSectionForm(SafeTextMixin, forms.Form):
    title = ""
    summary_fields: tuple[str, ...] = ()

    @classmethod
    def initial_for(cls, user) -> dict:
        raise NotImplementedError

    @classmethod
    def save_to_profile(cls, user, data: dict) -> None:
        raise NotImplementedError


class AboutYouForm(ProfileSectionForm):
    title = "Your details"
    first_name = forms.CharField(
        label="First name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    phone = UKPhoneField()
    postcode = PostcodeField(lookup=lookup)

    @classmethod
    def initial_for(cls, user) -> dict:
        profile = profile_for(user)
        return {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "phone": profile.phone,
            "postcode": profile.postcode,
        }

    @classmethod
    def save_to_profile(cls, user, data: dict) -> None:
        profile = profile_for(user)
        user.first_name, user.last_name = data["first_name"], data["last_name"]
        user.save(update_fields=["first_name", "last_name"])
        profile.phone = data["phone"]
        if data["postcode"] != profile.postcode or profile.latitude is None:
            profile.postcode = data["postcode"]
            try:
                place = lookup(data["postcode"])
            except PostcodeError:
                place = None
            profile.latitude = place.latitude if place else None
            profile.longitude = place.longitude if place else None
            profile.local_authority = place.local_authority if place else None
        profile.save()


class EligibilityForm(ProfileSectionForm):
    title = "Can you work in care?"
    over_18 = forms.ChoiceField(
        label="Are you 18 or over?",
        choices=[("yes", "Yes, I am 18 or over"), ("no", "No, I am under 18")],
        widget=forms.RadioSelect,
        help_text="Most care jobs are for people aged 18 or over.",
    )
    right_to_work = forms.ChoiceField(
        label="Do you have the right to work in the UK?",
        choices=CandidateProfile.RightToWork.choices,
        widget=forms.RadioSelect,
    )
    driving_licence = yes_no_field("Do you have a full UK driving licence?")
    has_car = yes_no_field(
        "Do you have a car you can use for work?", help_text="Home care jobs often need one."
    )

    def __init__(self, *args, vacancy=None, **kwargs):
        """With a vacancy (applying): driving is asked only where the job needs it, and an answer
        that rules the job out is explained at the question (`knockouts`: value -> template)."""
        super().__init__(*args, **kwargs)
        if vacancy is None:
            return
        self.fields["over_18"].knockouts = {"no": "ats/apply/knockouts/under_18.html"}
        if not vacancy.visa_sponsorship:
            self.fields["right_to_work"].knockouts = {"sponsorship": "ats/apply/knockouts/sponsorship.html"}
        if needs_driving(vacancy):
            self.fields["driving_licence"].knockouts = {"no": "ats/apply/knockouts/driving.html"}
            self.fields["has_car"].knockouts = {"no": "ats/apply/knockouts/car.html"}
        else:
            del self.fields["driving_licence"], self.fields["has_car"]

    @classmethod
    def initial_for(cls, user) -> dict:
        profile = profile_for(user)
        initial = {"right_to_work": profile.right_to_work}
        if profile.pk and profile.right_to_work:  # answered before
            initial |= {
                "over_18": _yes_no(profile.over_18),
                "driving_licence": _yes_no(profile.driving_licence),
                "has_car": _yes_no(profile.has_car),
            }
        return initial

    @classmethod
    def save_to_profile(cls, user, data: dict) -> None:
        profile = profile_for(user)
        profile.over_18 = data["over_18"] == "yes"
        profile.right_to_work = data["right_to_work"]
        if data.get("driving_licence"):  # not asked for a job without driving
            profile.driving_licence = data["driving_licence"] == "yes"
        if data.get("has_car"):
            profile.has_car = data["has_car"] == "yes"
        profile.save()


class AvailabilityForm(ProfileSectionForm):
    title = "When can you work?"
    availability = forms.MultipleChoiceField(
        label="When can you work?",
        choices=AVAILABILITY,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    hours_wanted = forms.IntegerField(
        label="How many hours a week would you like to work?",
        min_value=1,
        max_value=60,
        required=False,
        widget=forms.NumberInput(attrs={"class": "input input--width-4", "inputmode": "numeric"}),
    )

    @classmethod
    def initial_for(cls, user) -> dict:
        profile = profile_for(user)
        return {"availability": profile.availability, "hours_wanted": profile.hours_wanted}

    @classmethod
    def save_to_profile(cls, user, data: dict) -> None:
        profile = profile_for(user)
        profile.availability = list(data["availability"])
        profile.hours_wanted = data.get("hours_wanted")
        profile.save()


class InterestsForm(ProfileSectionForm):
    title = "Jobs you are interested in"
    roles = forms.MultipleChoiceField(
        label="Which jobs interest you?",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply.",
    )
    care_settings = forms.MultipleChoiceField(
        label="Where would you like to work?",
        choices=Vacancy.Setting.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = [(role.slug, role.name) for role in Role.objects.all()]

    @classmethod
    def initial_for(cls, user) -> dict:
        profile = profile_for(user)
        return {"roles": [role.slug for role in profile.roles.all()], "care_settings": profile.care_settings}

    @classmethod
    def save_to_profile(cls, user, data: dict) -> None:
        profile = profile_for(user)
        profile.care_settings = list(data.get("care_settings") or [])
        profile.save()
        profile.roles.set(Role.objects.filter(slug__in=data.get("roles") or []))


class ExperienceForm(ProfileSectionForm):
    title = "Your experience"
    experience = forms.ChoiceField(
        label="How much experience of paid care work do you have?",
        choices=CandidateProfile.Experience.choices,
        widget=forms.RadioSelect,
        help_text="Many employers train people who are new to care.",
    )
    care_certificate = forms.ChoiceField(
        label="Do you have the Care Certificate?",
        choices=CandidateProfile.CareCertificate.choices,
        widget=forms.RadioSelect,
    )
    qualifications = forms.CharField(
        label="Qualifications",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, a level 2 diploma in care, first aid or food hygiene.",
    )

    @classmethod
    def initial_for(cls, user) -> dict:
        profile = profile_for(user)
        return {
            "experience": profile.experience,
            "care_certificate": profile.care_certificate,
            "qualifications": profile.qualifications,
        }

    @classmethod
    def save_to_profile(cls, user, data: dict) -> None:
        profile = profile_for(user)
        profile.experience = data["experience"]
        profile.care_certificate = data["care_certificate"]
        profile.qualifications = data.get("qualifications", "")
        profile.save()


class StatementForm(ProfileSectionForm):
    title = "About you"
    personal_statement = forms.CharField(
        label="Tell employers about yourself",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Why you want to work in care and what you would bring. Life experience counts: "
        "caring for family, volunteering, customer service. Up to 3,000 characters.",
    )

    @classmethod
    def initial_for(cls, user) -> dict:
        return {"personal_statement": profile_for(user).personal_statement}

    @classmethod
    def save_to_profile(cls, user, data: dict) -> None:
        profile = profile_for(user)
        profile.personal_statement = data.get("personal_statement") or ""
        profile.save()


class RefereesForm(ProfileSectionForm):
    """Optional (issue 24): employers ask for referees when they offer the job. A referee given
    needs a name and a way to contact them."""

    title = "Referees"
    referee_1_name = forms.CharField(label="First referee's name", max_length=150, required=False)
    referee_1_relationship = forms.CharField(
        label="How do they know you?",
        max_length=150,
        required=False,
        help_text="For example, manager at my last job",
    )
    referee_1_contact = forms.CharField(
        label="Their email address or phone number", max_length=200, required=False
    )
    referee_2_name = forms.CharField(label="Second referee's name", max_length=150, required=False)
    referee_2_relationship = forms.CharField(label="How do they know you?", max_length=150, required=False)
    referee_2_contact = forms.CharField(
        label="Their email address or phone number", max_length=200, required=False
    )

    def clean(self):
        cleaned = super().clean()
        for number, which in ((1, "first"), (2, "second")):
            given = [cleaned.get(f"referee_{number}_{key}") for key in ("name", "relationship", "contact")]
            if any(given) and not given[0]:
                self.add_error(f"referee_{number}_name", f"Enter your {which} referee's name")
            if any(given) and not given[2]:
                self.add_error(
                    f"referee_{number}_contact",
                    f"Enter an email address or phone number for your {which} referee",
                )
        return cleaned

    @classmethod
    def initial_for(cls, user) -> dict:
        initial = {}
        for number, referee in enumerate(profile_for(user).referees[:2], start=1):
            for key in ("name", "relationship", "contact"):
                initial[f"referee_{number}_{key}"] = referee.get(key, "")
        return initial

    @classmethod
    def save_to_profile(cls, user, data: dict) -> None:
        profile = profile_for(user)
        referees = [
            {key: data.get(f"referee_{number}_{key}") or "" for key in ("name", "relationship", "contact")}
            for number in (1, 2)
        ]
        given = [referee for referee in referees if referee["name"]]
        if given or not any(referee.get("name") for referee in profile.referees):
            profile.referees = given  # an application without referees keeps the profile's
        profile.save()


PROFILE_SECTIONS: dict[str, type[ProfileSectionForm]] = {
    "details": AboutYouForm,
    "eligibility": EligibilityForm,
    "availability": AvailabilityForm,
    "interests": InterestsForm,
    "experience": ExperienceForm,
    "statement": StatementForm,
    "referees": RefereesForm,
}


def display_value(form_class: type[forms.Form], name: str, value) -> str:
    """Human text for a stored answer: choice labels instead of codes, lists joined."""
    field = form_class().fields.get(name)
    choices = dict(getattr(field, "choices", []) or [])
    if isinstance(value, list):
        return ", ".join(str(choices.get(item, item)) for item in value) or "None"
    if value in (None, ""):
        return "Not given"
    return str(choices.get(value, value))
