"""Applying for a job: drafts that can be resumed, then one submit that freezes a snapshot.

`submit_application(draft, *, by)` is idempotent: submitting the same draft twice returns the same
application. A second application to a vacancy is refused with AlreadyApplied (which carries the
first). Emails to the candidate and to the employer's recruiters go through the outbox after commit.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from ats.applications.answers import knockout_flags
from ats.applications.candidates_view import candidate_card
from ats.applications.forms.apply import (
    PROFILE_STEPS,
    answers_from_profile_questions,
    build_form,
    display_rows,
    screening_questions,
    steps_for,
    stored_answers,
)
from ats.applications.models import CV, Application, ApplicationDraft, ApplicationEvent, ConsentRecord
from ats.jobs.models import Vacancy
from ats.organisations.models import Membership
from ats.pipeline.status import Stage
from ats.places.postcodes import distance_miles
from ats.routing.services import route_application
from cms.email import queue_email

logger = logging.getLogger(__name__)


class ApplyError(Exception):
    """Something stops this application; the message is shown to the user."""


class AlreadyApplied(ApplyError):
    def __init__(self, application: Application):
        self.application = application
        super().__init__("You have already applied for this job.")


class ApplicationClosed(ApplyError):
    def __init__(self):
        super().__init__("This job has closed, so you can no longer apply.")


class DraftIncomplete(ApplyError):
    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__("Answer every question before you send your application.")


def can_apply_on_site(vacancy: Vacancy) -> bool:
    return vacancy.is_live and vacancy.apply_method == Vacancy.ApplyMethod.ON_SITE


def existing_application(vacancy: Vacancy, user) -> Application | None:
    return Application.objects.filter(vacancy=vacancy, candidate=user).first()


def get_or_create_draft(vacancy: Vacancy, user, *, attribution: dict) -> ApplicationDraft:
    """The candidate's draft for this vacancy, created on first visit with the current attribution."""
    draft, created = ApplicationDraft.objects.get_or_create(
        vacancy=vacancy, candidate=user, defaults={"attribution": attribution}
    )
    if not created and attribution and attribution.get("last") != draft.attribution.get("last"):
        draft.attribution = {
            "first": draft.attribution.get("first") or attribution["first"],
            "last": attribution["last"],
        }
        draft.save(update_fields=["attribution", "updated_at"])
    return draft


def prefill_from_profile(draft: ApplicationDraft) -> None:
    """Copy into the draft each profile section the candidate's profile answers in full, so a
    returning jobseeker is not asked again what they told us last time (they can still change it
    from the check-your-answers page)."""
    if draft.candidate is None:
        return
    added = {}
    for step in PROFILE_STEPS:
        if step.key in draft.answers:
            continue
        form = build_form(step, draft, data=_as_form_data(step.form_class.initial_for(draft.candidate)))
        if form.is_valid():
            added[step.key] = stored_answers(form)
    if added:
        draft.answers = {**draft.answers, **added}
        draft.save(update_fields=["answers", "updated_at"])


def with_repeated_answers(draft: ApplicationDraft) -> dict:
    """The draft's answers with the employer's questions that repeat an eligibility question
    answered from it (they were not asked twice)."""
    questions = screening_questions(draft.vacancy)
    derived = answers_from_profile_questions(questions, draft.answers.get("eligibility") or {})
    if not derived:
        return draft.answers
    return {**draft.answers, "screening": {**derived, **(draft.answers.get("screening") or {})}}


def save_step(draft: ApplicationDraft, key: str, answers: dict, *, cv: CV | bool | None = False) -> None:
    """Keep one step's answers. `cv` (for the CV step) is the chosen CV or None for no CV."""
    draft.answers = {**draft.answers, key: answers}
    if key not in draft.completed_steps:
        draft.completed_steps = [*draft.completed_steps, key]
    fields = ["answers", "completed_steps", "updated_at"]
    if cv is not False:
        draft.cv = cv
        fields.append("cv")
    draft.save(update_fields=fields)


def missing_steps(draft: ApplicationDraft) -> list[str]:
    """Steps whose stored answers are absent or no longer valid (e.g. a question was added)."""

    missing = []
    for step in steps_for(draft.vacancy):
        stored = draft.answers.get(step.key)
        if stored is None:
            missing.append(step.key)
            continue
        if step.key == "cv":
            if stored.get("cv") not in (None, "none") and draft.cv is None:
                missing.append(step.key)
            continue
        form = build_form(step, draft, data=_as_form_data(stored))
        if not form.is_valid():
            missing.append(step.key)
    return missing


def _as_form_data(stored: dict):
    from django.utils.datastructures import MultiValueDict

    data = MultiValueDict()
    for key, value in stored.items():
        if isinstance(value, list):
            data.setlist(key, [str(item) for item in value])
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        elif value is not None:
            data[key] = str(value)
    return data


def build_snapshot(draft: ApplicationDraft) -> tuple[dict, list[dict]]:
    """The frozen copy of what the candidate sent, and the knock-out flags for the recruiter."""

    details = draft.answers.get("details", {})
    sections, flags = [], []
    for step in steps_for(draft.vacancy):
        rows = display_rows(step, draft)
        sections.append({"key": step.key, "title": step.title, "rows": rows})
        flags += [{"question": row["label"], "answer": row["value"]} for row in rows if row.get("knockout")]
    referees = draft.answers.get("referees", {})
    # Referees are optional (asked for at offer when none were given): only those named are kept.
    named = [
        {key: referees.get(f"referee_{n}_{key}", "") for key in ("name", "relationship", "contact")}
        for n in (1, 2)
    ]
    snapshot = {
        "name": f"{details.get('first_name', '')} {details.get('last_name', '')}".strip(),
        "email": draft.candidate.email,
        "phone": details.get("phone", ""),
        "postcode": details.get("postcode", ""),
        "answers": draft.answers,
        "sections": sections,
        "referees": [referee for referee in named if referee["name"]],
        "adjustments": (draft.answers.get("adjustments") or {}).get("adjustments", ""),
        "guaranteed_interview": bool((draft.answers.get("adjustments") or {}).get("guaranteed_interview")),
        "cv": {"public_id": str(draft.cv.public_id), "name": draft.cv.original_name} if draft.cv else None,
        # The screening questions as asked, so the answers still read right if the vacancy's questions change.
        "questions": [
            {
                "id": question.pk,
                "text": question.text,
                "kind": question.kind,
                "choices": question.choices,
                "knockout_answer": question.knockout_answer,
            }
            for question in screening_questions(draft.vacancy)
        ],
        "submitted_at": timezone.now().isoformat(timespec="seconds"),
    }
    return snapshot, flags


def _distance(draft: ApplicationDraft) -> float | None:
    profile = getattr(draft.candidate, "candidate_profile", None)
    if profile is None or profile.latitude is None:
        return None
    distances = [
        distance_miles(profile.latitude, profile.longitude, location.latitude, location.longitude)
        for location in draft.vacancy.locations.all()
        if location.latitude is not None
    ]
    return round(min(distances), 1) if distances else None


def _write_back_to_profile(draft: ApplicationDraft) -> None:

    for step in PROFILE_STEPS:
        if step.key in draft.answers:
            step.form_class.save_to_profile(draft.candidate, draft.answers[step.key])


def recruiter_emails(vacancy: Vacancy) -> list[str]:
    return sorted(
        set(
            Membership.objects.filter(
                organisation=vacancy.organisation,
                role__in=[Membership.Role.ADMIN, Membership.Role.RECRUITER],
                user__is_active=True,
            )
            .exclude(Q(user__email="") | Q(user__email__isnull=True))
            .values_list("user__email", flat=True)
        )
    )


def submit_application(draft: ApplicationDraft, *, by) -> Application:
    """Turn a complete draft into an application. Idempotent for the same draft."""
    with transaction.atomic():
        draft = (
            ApplicationDraft.objects.select_for_update(of=("self",))
            .select_related("vacancy", "vacancy__organisation", "candidate", "cv")
            .get(pk=draft.pk)
        )
        if draft.application_id:
            return draft.application
        if draft.candidate is None:
            raise ApplyError("Confirm your email address before you send your application.")
        first = existing_application(draft.vacancy, draft.candidate)
        if first is not None:
            raise AlreadyApplied(first)
        if not can_apply_on_site(draft.vacancy):
            raise ApplicationClosed()
        missing = missing_steps(draft)
        if missing:
            raise DraftIncomplete(missing)
        _write_back_to_profile(draft)
        draft.answers = with_repeated_answers(draft)
        snapshot, flags = build_snapshot(draft)
        now = timezone.now()
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    vacancy=draft.vacancy,
                    candidate=draft.candidate,
                    stage=Stage.APPLIED,
                    applied_at=now,
                    snapshot=snapshot,
                    cv=draft.cv,
                    knockout_flags=flags,
                    distance_miles=_distance(draft),
                    attribution=draft.attribution,
                )
        except IntegrityError as exc:  # another draft of the same candidate won the race
            first = existing_application(draft.vacancy, draft.candidate)
            if first is None:
                raise
            raise AlreadyApplied(first) from exc
        ApplicationEvent.objects.create(
            application=application, from_stage="", to_stage=Stage.APPLIED, actor=by
        )
        consent = draft.answers.get("consent", {})
        ConsentRecord.objects.create(
            user=draft.candidate,
            purpose=ConsentRecord.Purpose.APPLICATION,
            wording=consent.get("wording", "") or "Share my application with the employer",
            application=application,
        )
        draft.application = application
        draft.submitted_at = now
        draft.save(update_fields=["application", "submitted_at", "updated_at"])
        _queue_emails(application)
        _route_after_commit(application)
    logger.info("Application %s submitted to vacancy %s", application.public_id, application.vacancy_id)
    return application


def _route_after_commit(application: Application) -> None:
    """Someone new to care is also passed to a care academy by the routing rules (issue 6)."""

    def _route() -> None:
        try:
            route_application(application)
        except Exception:  # routing must never lose or block an application
            logger.exception("Routing application %s failed", application.pk)

    transaction.on_commit(_route)


def _queue_emails(application: Application) -> None:
    vacancy = application.vacancy
    context = {
        "application": application,
        "vacancy": vacancy,
        "name": application.snapshot.get("name", ""),
        "dashboard_url": settings.SITE_URL + reverse("candidate:application", args=[application.public_id]),
        "knockout_count": len(application.knockout_flags),
    }
    queue_email(application.candidate.email, "emails/application_received", context)
    recipients = recruiter_emails(vacancy)
    if recipients:
        # Recruiters read the candidate as the portal shows them: anonymised if the vacancy says so.
        queue_email(
            recipients,
            "emails/new_application",
            {
                "vacancy": vacancy,
                "candidate": candidate_card(application).label,
                "knockout_flags": knockout_flags(application),
                "recruit_url": settings.SITE_URL
                + reverse("recruit:application-detail", kwargs={"application": application.public_id}),
            },
        )
    else:
        logger.warning(
            "Vacancy %s has no recruiters to tell about application %s", vacancy.pk, application.pk
        )
