"""The apply journey's steps: one form per step, in order, prefilled from the profile.

`steps_for(vacancy)` lists the steps; the screening step appears only when the vacancy has
screening questions (`vacancy.screening_questions`, added by the job search issue)."""

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


class ScreeningForm(SafeTextMixin, forms.Form):
    title = "Questions from the employer"

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            name = f"q_{question.pk}"
            if getattr(question, "kind", "text") in {"yes_no", "choice"}:
                self.fields[name] = forms.ChoiceField(
                    label=question.text, choices=_question_choices(question), widget=forms.RadioSelect
                )
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


def steps_for(vacancy: Vacancy) -> list[Step]:
    steps = list(PROFILE_STEPS)
    if screening_questions(vacancy):
        steps.append(Step("screening", ScreeningForm))
    steps += [Step("cv", CVChoiceForm), Step("consent", ConsentForm)]
    return steps


def build_form(step: Step, draft: ApplicationDraft, data=None, files=None) -> forms.Form:
    """The step's form, bound to `data` if given, prefilled from the draft or else the profile."""
    stored = draft.answers.get(step.key)
    kwargs: dict = {}
    if step.key == "screening":
        kwargs["questions"] = screening_questions(draft.vacancy)
        initial = stored or {}
    elif step.key == "cv":
        kwargs["user"] = draft.candidate
        initial = stored or {}
    elif step.key == "consent":
        kwargs["organisation_name"] = draft.vacancy.organisation.name
        initial = stored or {}
    else:
        initial = stored if stored is not None else step.form_class.initial_for(draft.candidate)
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
        return [
            {
                "label": question.text,
                "value": answers.get(f"q_{question.pk}", "Not answered"),
                "knockout": is_knockout(question, answers.get(f"q_{question.pk}", "")),
            }
            for question in screening_questions(draft.vacancy)
        ]
    if step.key == "cv":
        return [{"label": "CV", "value": draft.cv.original_name if draft.cv else "No CV"}]
    if step.key == "consent":
        return [
            {
                "label": "Sharing your application",
                "value": "You agreed" if answers.get("consent") else "Not agreed",
            }
        ]
    form = step.form_class()
    return [
        {"label": field.label, "value": display_value(step.form_class, name, answers.get(name))}
        for name, field in form.fields.items()
    ]


class GuestStartForm(FillTimeMixin, HoneypotMixin, SafeTextMixin, forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We will email you a link. Follow it to confirm your address and carry on with your "
        "application: it makes your account, so you can come back to it later.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
