"""An application as a recruiter reads it: the apply form's own questions and the candidate's answers
in plain words, one section per step in the order of the apply journey's steps.

While a vacancy shortlists anonymously (`candidates_view.identity_visible`), only the answers named in
`JOB_RELATED` are shown. It is an allow-list: a question added to the apply form stays hidden from
anonymised recruiters until someone decides it says nothing about who the candidate is and adds it
here. The application page, the CSV export and the email to recruiters all read applications through
`application_sections`, so none of them can show more than this."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.dateparse import parse_date
from django.utils.formats import date_format

from ats.applications.candidates_view import identity_visible
from ats.applications.forms.apply import (
    ConsentForm,
    ScreeningForm,
    Step,
    is_knockout,
    screening_questions,
    steps_for,
)
from ats.applications.models import Application
from ats.jobs.models import ScreeningQuestion
from cms.form_fields import YES_NO

EVERY_QUESTION = "*"

# Answers about the job, not the person: shown while the vacancy shortlists anonymously. Everything
# else (name, contact details, postcode, referees, the CV and any step or field added later) waits
# for the stage that reveals identity.
JOB_RELATED: dict[str, frozenset[str]] = {
    "eligibility": frozenset({"over_18", "right_to_work", "driving_licence", "has_car"}),
    "availability": frozenset({"availability", "hours_wanted"}),
    "experience": frozenset({"experience", "care_certificate", "qualifications"}),
    "statement": frozenset({"personal_statement"}),
    "screening": frozenset({EVERY_QUESTION}),  # the employer's own questions about the job
    # The Disability Confident scheme asks the shortlister to interview whoever opts in and meets
    # the essential criteria, so they must see it; the support asked for waits for the interview.
    "adjustments": frozenset({"guaranteed_interview"}),
    "consent": frozenset({"consent"}),
}


@dataclass(frozen=True)
class AnswerRow:
    label: str
    answer: str
    knockout: bool = False


@dataclass(frozen=True)
class AnswerSection:
    key: str
    title: str
    rows: tuple[AnswerRow, ...]


def application_sections(application: Application) -> list[AnswerSection]:
    """The candidate's answers as the recruiter may read them now, section by section."""
    snapshot = application.snapshot or {}
    answers = snapshot.get("answers") or {}
    if not isinstance(answers, dict) or not answers:
        return []  # erased, or not made through the apply journey
    visible = identity_visible(application)
    questions = _questions(application)
    sections = []
    for step in _steps(application, answers):
        allowed = JOB_RELATED.get(step.key, frozenset())
        if not visible and not allowed:
            continue
        if step.key not in answers:
            continue
        if step.key == "cv":
            rows = [AnswerRow("CV", (snapshot.get("cv") or {}).get("name") or "No CV")]
        else:
            rows = _rows(step, _form(step, application, questions), answers.get(step.key) or {}, questions)
            if not visible and EVERY_QUESTION not in allowed:
                rows = [row for name, row in rows if name in allowed]
            else:
                rows = [row for _, row in rows]
        if rows:
            sections.append(AnswerSection(key=step.key, title=step.title, rows=tuple(rows)))
    return sections


def knockout_flags(application: Application) -> list[str]:
    """The screening answers that did not fit, as 'question: answer' in words."""
    words = dict(YES_NO)
    flags = []
    for flag in application.knockout_flags or []:
        if isinstance(flag, dict):
            answer = str(flag.get("answer", ""))
            flags.append(f"{flag.get('question', '')}: {words.get(answer, answer)}")
        else:
            flags.append(str(flag))
    return flags


def _steps(application: Application, answers: dict) -> list[Step]:
    """The apply journey's steps for this vacancy, keeping a screening step the candidate answered
    even if the vacancy has no questions any more."""
    steps = steps_for(application.vacancy)
    keys = [step.key for step in steps]
    if "screening" in answers and "screening" not in keys:
        steps.insert(keys.index("cv"), Step("screening", ScreeningForm))
    return steps


def _questions(application: Application) -> list[ScreeningQuestion]:
    """The screening questions as the candidate was asked them (frozen in the snapshot since issue
    21), or the vacancy's current questions for older applications."""
    frozen = (application.snapshot or {}).get("questions")
    if not isinstance(frozen, list):
        return screening_questions(application.vacancy)
    return [
        ScreeningQuestion(
            pk=question["id"],
            text=question["text"],
            kind=question["kind"],
            choices=question.get("choices") or [],
            knockout_answer=question.get("knockout_answer", ""),
        )
        for question in frozen
    ]


def _form(step: Step, application: Application, questions: list[ScreeningQuestion]) -> forms.Form:
    if step.key == "screening":
        return ScreeningForm(questions=questions)
    if step.key == "consent":
        return ConsentForm(organisation_name=application.vacancy.organisation.name)
    return step.form_class()


def _rows(
    step: Step, form: forms.Form, stored: dict, questions: list[ScreeningQuestion]
) -> list[tuple[str, AnswerRow]]:
    """(field name, row) for each question of the step's form that the candidate answered."""
    by_name = {f"q_{question.pk}": question for question in questions}
    rows = []
    for name, field in form.fields.items():
        if name not in stored:
            continue
        value = stored[name]
        question = by_name.get(name) if step.key == "screening" else None
        rows.append(
            (
                name,
                AnswerRow(
                    label=str(field.label),
                    answer=in_words(field, value),
                    knockout=bool(question and is_knockout(question, value)),
                ),
            )
        )
    return rows


def in_words(field: forms.Field, value) -> str:
    """A stored answer as the candidate chose it: choice labels, yes or no, dates written out."""
    if value is None or value == "":
        return "Not given"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    choices = {str(key): str(label) for key, label in getattr(field, "choices", None) or []}
    if isinstance(value, list):
        return ", ".join(choices.get(str(item), str(item)) for item in value) or "None"
    if isinstance(field, forms.DateField) and isinstance(value, str) and (day := parse_date(value)):
        return date_format(day, "j F Y")
    return choices.get(str(value), str(value))
