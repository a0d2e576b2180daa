"""The apply journey's steps: one form per step, in order, prefilled from the profile.

`steps_for(vacancy)` lists the steps (each keeps its answers in the draft under its key); the
screening step appears only when the vacancy has screening questions. `screens_for(vacancy)` groups
the steps into the few screens a person sees (issue 24): their details, "you and care work", and
this job's own questions with the optional statement, referees, support and CV. Consent is asked
on the check-your-answers page. A screening question that repeats one the journey already asks
(right to work, age, driving) is not asked again: its answer is taken from the first
(`answers_from_profile_questions`)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms

from ats.applications.forms.cv import NO_FILE_MESSAGE
from ats.applications.forms.profile import (
    AboutYouForm,
    AvailabilityForm,
    EligibilityForm,
    ExperienceForm,
    RefereesForm,
    StatementForm,
    display_value,
)
from ats.applications.models import CV, ApplicationDraft
from ats.jobs.models import Vacancy
from cms.fill_time import FillTimeMixin
from cms.form_fields import HoneypotMixin, SafeTextMixin


def screening_questions(vacancy: Vacancy) -> list:
    manager = getattr(vacancy, "screening_questions", None)
    return list(manager.all()) if manager is not None else []


def _question_choices(question) -> list[tuple[str, str]]:
    kind = getattr(question, "kind", "text")
    if kind == "yes_no":
        return [("yes", "Yes"), ("no", "No")]
    raw = getattr(question, "choices", None) or []
    if isinstance(raw, str):
        raw = [line for line in raw.splitlines() if line.strip()]
    return [(str(item).strip(), str(item).strip()) for item in raw]


def is_knockout(question, answer: str) -> bool:
    expected = (getattr(question, "knockout_answer", "") or "").strip().lower()
    return bool(expected) and str(answer).strip().lower() == expected


def _plain(text: str) -> str:
    return " ".join(str(text).lower().replace("?", " ").split())


# Eligibility questions an employer may also have typed as a screening question, and how the
# eligibility answer reads as a yes or no to it.
PROFILE_QUESTIONS = {
    _plain(EligibilityForm.base_fields["right_to_work"].label): ("right_to_work", {"yes": "yes"}),
    _plain("Do you have the right to work in the UK"): ("right_to_work", {"yes": "yes"}),
    _plain(EligibilityForm.base_fields["over_18"].label): ("over_18", {"yes": "yes"}),
    _plain(EligibilityForm.base_fields["driving_licence"].label): ("driving_licence", {"yes": "yes"}),
    _plain("Do you have a driving licence"): ("driving_licence", {"yes": "yes"}),
    _plain(EligibilityForm.base_fields["has_car"].label): ("has_car", {"yes": "yes"}),
}


def repeats_profile_question(question) -> str:
    """The eligibility field a yes/no screening question repeats, or ''."""
    if getattr(question, "kind", "text") != "yes_no":
        return ""
    return PROFILE_QUESTIONS.get(_plain(question.text), ("", {}))[0]


def answers_from_profile_questions(questions, eligibility: dict) -> dict:
    """Yes or no to each screening question that repeats an eligibility question, from its answer."""
    answers = {}
    for question in questions:
        name = repeats_profile_question(question)
        if name and eligibility.get(name):
            yes = PROFILE_QUESTIONS[_plain(question.text)][1]
            answers[f"q_{question.pk}"] = yes.get(str(eligibility[name]), "no")
    return answers


class ScreeningForm(SafeTextMixin, forms.Form):
    title = "Questions from the employer"

    def __init__(self, *args, questions=(), skip_repeats=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            if skip_repeats and repeats_profile_question(question):
                continue  # already asked on the eligibility screen
            name = f"q_{question.pk}"
            if getattr(question, "kind", "text") in {"yes_no", "choice"}:
                choices = _question_choices(question)
                self.fields[name] = forms.ChoiceField(
                    label=question.text, choices=choices, widget=forms.RadioSelect
                )
                knocked = [value for value, _ in choices if is_knockout(question, value)]
                if knocked:
                    self.fields[name].knockouts = {knocked[0]: "ats/apply/knockouts/screening.html"}
            else:
                self.fields[name] = forms.CharField(
                    label=question.text, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
                )


class CVChoiceForm(forms.Form):
    title = "Your CV"
    cv = forms.ChoiceField(label="Which CV do you want to send?", widget=forms.RadioSelect)
    file = forms.FileField(
        label="Upload a new CV",
        required=False,
        help_text="A PDF, Word (DOC or DOCX), OpenDocument (ODT) or RTF file, smaller than 5 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.doc,.docx,.odt,.rtf"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        existing = (
            CV.objects.filter(candidate=user).exclude(scan_status=CV.ScanStatus.INFECTED) if user else []
        )
        self.fields["cv"].choices = [
            *[
                (str(cv.public_id), f"{cv.original_name} (uploaded {cv.uploaded_at:%-d %B %Y})")
                for cv in existing
            ],
            ("upload", "Upload a new CV"),
            ("none", "Apply without a CV"),
        ]
        self.fields["cv"].help_text = "You do not need a CV: your answers tell the employer about you."

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("cv") == "upload" and not cleaned.get("file"):
            self.add_error("file", NO_FILE_MESSAGE)
        return cleaned


class AdjustmentsForm(SafeTextMixin, forms.Form):
    """Asked in every application: support to apply or at interview, and the Disability Confident
    guaranteed interview where the employer offers it (`Organisation.guaranteed_interview`)."""

    title = "Support to apply and at interview"
    adjustments = forms.CharField(
        label="Do you need any support or changes to apply or to come to an interview?",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example step-free access, a British Sign Language interpreter, extra time, "
        "questions in advance or an interview by phone. You do not have to tell us why. "
        "The employer will see this.",
    )
    guaranteed_interview = forms.BooleanField(
        label="I have a disability and want to apply under the guaranteed interview scheme",
        required=False,
    )

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisation is not None and not getattr(organisation, "guaranteed_interview", False):
            del self.fields["guaranteed_interview"]
        elif organisation is not None:
            self.fields["guaranteed_interview"].help_text = (
                f"{organisation.name} is a Disability Confident employer. If you have a disability and "
                "your application meets the essential criteria for the job, they will offer you an "
                "interview."
            )


class ConsentForm(HoneypotMixin, forms.Form):
    title = "Sharing your application"
    consent = forms.BooleanField(
        label="I agree",
        error_messages={"required": "Tick the box to agree to us sharing your application with the employer"},
    )

    def __init__(self, *args, organisation_name: str = "the employer", **kwargs):
        super().__init__(*args, **kwargs)
        self.wording = (
            f"Care Careers North East will share your application, your profile answers and your CV with "
            f"{organisation_name} so they can consider you for this job. We keep it as our privacy notice "
            f"explains, and delete it 6 months after the job closes if you are not successful."
        )
        self.fields["consent"].help_text = self.wording


@dataclass(frozen=True)
class Step:
    key: str
    form_class: type[forms.Form]

    @property
    def title(self) -> str:
        return self.form_class.title


PROFILE_STEPS = [
    Step("details", AboutYouForm),
    Step("eligibility", EligibilityForm),
    Step("availability", AvailabilityForm),
    Step("experience", ExperienceForm),
    Step("statement", StatementForm),
    Step("referees", RefereesForm),
]
PROFILE_KEYS = frozenset(step.key for step in PROFILE_STEPS)


def steps_for(vacancy: Vacancy) -> list[Step]:
    steps = list(PROFILE_STEPS[:4])
    if screening_questions(vacancy):
        steps.append(Step("screening", ScreeningForm))
    steps += [
        Step("adjustments", AdjustmentsForm),
        *PROFILE_STEPS[4:],
        Step("cv", CVChoiceForm),
        Step("consent", ConsentForm),
    ]
    return steps


@dataclass(frozen=True)
class Screen:
    """One page of the apply journey: the steps whose questions it shows together."""

    key: str
    title: str
    steps: tuple[Step, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(step.key for step in self.steps)


SCREENS = [
    ("details", "Your details", ("details",)),
    ("about", "You and care work", ("eligibility", "availability", "experience")),
    ("job", "Your application", ("screening", "adjustments", "statement", "referees", "cv")),
]


def screens_for(vacancy: Vacancy) -> list[Screen]:
    steps = {step.key: step for step in steps_for(vacancy)}
    return [
        Screen(key, title, tuple(steps[name] for name in names if name in steps))
        for key, title, names in SCREENS
    ]


def screen_of(vacancy: Vacancy, step_key: str) -> Screen | None:
    return next((screen for screen in screens_for(vacancy) if step_key in screen.keys), None)


def build_form(step: Step, draft: ApplicationDraft, data=None, files=None) -> forms.Form:
    """The step's form, bound to `data` if given, prefilled from the draft or else the profile."""
    stored = draft.answers.get(step.key)
    kwargs: dict = {}
    if step.key == "screening":
        kwargs["questions"] = screening_questions(draft.vacancy)
        kwargs["skip_repeats"] = True
        initial = stored or {}
    elif step.key == "adjustments":
        kwargs["organisation"] = draft.vacancy.organisation
        initial = stored or {}
    elif step.key == "cv":
        kwargs["user"] = draft.candidate
        initial = stored or {}
    elif step.key == "consent":
        kwargs["organisation_name"] = draft.vacancy.organisation.name
        initial = stored or {}
    else:
        initial = stored if stored is not None else step.form_class.initial_for(draft.candidate)
        if step.key == "eligibility":
            kwargs["vacancy"] = draft.vacancy
    return (
        step.form_class(data, files, initial=initial, **kwargs)
        if data is not None
        else step.form_class(initial=initial, **kwargs)
    )


def stored_answers(form: forms.Form) -> dict:
    """What a step keeps in the draft: cleaned data without files and the honeypot."""
    return {
        name: value
        for name, value in form.cleaned_data.items()
        if name not in {"file", "website"} and not hasattr(value, "read")
    }


def display_rows(step: Step, draft: ApplicationDraft) -> list[dict]:
    """Label/value rows for the check-your-answers page and the frozen snapshot."""
    answers = draft.answers.get(step.key) or {}
    if step.key == "screening":
        questions = screening_questions(draft.vacancy)
        answers = {
            **answers_from_profile_questions(questions, draft.answers.get("eligibility") or {}),
            **answers,
        }
        return [
            {
                "label": question.text,
                "value": answers.get(f"q_{question.pk}", "Not answered"),
                "knockout": is_knockout(question, answers.get(f"q_{question.pk}", "")),
            }
            for question in questions
        ]
    if step.key == "referees":
        named = [
            " – ".join(
                filter(
                    None, (answers.get(f"referee_{n}_{key}") for key in ("name", "relationship", "contact"))
                )
            )
            for n in (1, 2)
            if answers.get(f"referee_{n}_name")
        ]
        return [
            {
                "label": "Referees",
                "value": "; ".join(named) or "None yet: the employer will ask if they offer you the job",
            }
        ]
    if step.key == "adjustments":
        rows = [{"label": "Support to apply or at interview", "value": answers.get("adjustments") or "None"}]
        if "guaranteed_interview" in build_form(step, draft).fields:
            rows.append(
                {
                    "label": "Guaranteed interview scheme",
                    "value": "Yes" if answers.get("guaranteed_interview") else "No",
                }
            )
        return rows
    if step.key == "cv":
        return [{"label": "CV", "value": draft.cv.original_name if draft.cv else "No CV"}]
    if step.key == "consent":
        return [
            {
                "label": "Sharing your application",
                "value": "You agreed" if answers.get("consent") else "Not agreed",
            }
        ]
    form = build_form(step, draft)
    return [
        {"label": field.label, "value": display_value(step.form_class, name, answers.get(name))}
        for name, field in form.fields.items()
    ]


class GuestStartForm(FillTimeMixin, HoneypotMixin, AboutYouForm):
    """A first-time visitor's details and email address, on one screen (issue 24)."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We will email you a link. Follow it to confirm your address and carry on with your "
        "application: it makes your account, so you can come back to it later.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in AboutYouForm.base_fields}
