"""Personal data: export (JSON + files as a zip), account deletion, and the erasure the retention
schedule (docs/retention.md, ats/services/retention.py) applies.

Erasing an application keeps the row for statistics (vacancy, stage, dates, attribution) and
removes everything that identifies the candidate or was written about them: the link to them, the
snapshot, the CV, the draft behind it, recruiters' notes and ratings, the offer with its
criminal-record self-disclosure, the pre-employment checks, messages, and the routing reasons.
"""

from __future__ import annotations

import io
import json
import logging
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath

from allauth.account.models import EmailAddress
from dateutil.relativedelta import relativedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast, Lower
from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import ModelLogEntry

from ats.models import (
    CV,
    Application,
    ApplicationDraft,
    CandidateProfile,
    ConsentRecord,
    Enquiry,
    Enrolment,
    InactivityWarning,
    JobAlert,
    Offer,
    Referral,
    RoutingDecision,
    RoutingEvent,
    SavedJob,
)
from ats.status import CANDIDATE_WORDING, Stage
from cms.email import email_bodies
from cms.models import OutboxEmail

logger = logging.getLogger(__name__)

UNSUCCESSFUL_STAGES = (Stage.REJECTED, Stage.WITHDRAWN)
ERASED_REASON = "Erased with the person's data."
# What an erased row keeps of a list of choices (interests, availability): codes, not free text.
CODE = re.compile(r"[a-z0-9_-]{1,40}")
OUTCODE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?")


def _verified_addresses(user) -> list[str]:
    """The user's verified email addresses, lower-cased: what proves that alerts and event
    registrations made without signing in are theirs (an unverified address may be someone else's)."""
    return [
        address.lower()
        for address in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    ]


def _job_alerts(user, addresses: list[str]):
    """Alerts made while signed in, or confirmed to one of the user's verified addresses."""
    return JobAlert.objects.annotate(address=Lower("email")).filter(
        Q(user=user) | Q(user=None, address__in=addresses)
    )


def _event_registrations(addresses: list[str]):
    from campaign.models import EventRegistration

    return EventRegistration.objects.annotate(address=Lower("email")).filter(address__in=addresses)


def export_data(user) -> bytes:
    """A zip holding `my-data.json` (everything we keep about the user: what they gave us, what
    employers wrote about them, where they were sent and who looked) and their CV files, each
    under a name every operating system can extract."""
    profile = CandidateProfile.objects.filter(user=user).first()
    addresses = _verified_addresses(user)
    cvs = list(CV.objects.filter(candidate=user))
    data = {
        "exported_at": timezone.now(),
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "joined": user.date_joined,
            "last_login": user.last_login,
            "email_addresses": [
                {"email": address.email, "verified": address.verified}
                for address in EmailAddress.objects.filter(user=user)
            ],
            "warned_for_not_being_used_at": getattr(
                InactivityWarning.objects.filter(user=user).first(), "sent_at", None
            ),
        },
        "profile": None,
        "cvs": [
            {
                "file": cv_file_name(index, cv),
                "name": cv.original_name,
                "uploaded_at": cv.uploaded_at,
                "virus_check": cv.get_scan_status_display(),
            }
            for index, cv in enumerate(cvs, start=1)
        ],
        "applications": [
            _export_application(app)
            for app in Application.objects.filter(candidate=user)
            .select_related("vacancy__organisation", "offer", "draft")
            .prefetch_related(
                "events",
                "messages",
                "notes",
                "ratings__criterion",
                "interviews__slot",
                "checks",
                "access_log",
                "routing_decisions__destination",
                "routing_decisions__events",
                "consents",
            )
        ],
        "unfinished_applications": [
            {
                "job": draft.vacancy.title,
                "email": draft.guest_email,
                "answers": draft.answers,
                "started_at": draft.created_at,
            }
            for draft in ApplicationDraft.objects.annotate(address=Lower("guest_email"))
            .filter(Q(candidate=user) | Q(candidate=None, address__in=addresses), application=None)
            .select_related("vacancy")
        ],
        "enquiries": [
            _export_enquiry(enquiry)
            for enquiry in Enquiry.objects.filter(
                Q(user=user) | Q(email__iexact=user.email)
            ).prefetch_related(
                "routing_decisions__destination",
                "routing_decisions__events",
                "referrals__from_org",
                "referrals__to_org",
                "enrolments__cohort",
                "consents",
            )
        ],
        "referrals": [
            _export_referral(referral)
            for referral in Referral.objects.filter(candidate=user).select_related("from_org", "to_org")
        ],
        "course_places": [
            _export_enrolment(enrolment)
            for enrolment in Enrolment.objects.filter(candidate=user).select_related("cohort__academy")
        ],
        "saved_jobs": [
            saved.vacancy.title for saved in SavedJob.objects.filter(user=user).select_related("vacancy")
        ],
        "consents": [_export_consent(consent) for consent in ConsentRecord.objects.filter(user=user)],
        "job_alerts": [
            {
                "search": alert.description,
                "search_details": alert.criteria,
                "email": alert.email,
                "how_often": alert.get_frequency_display(),
                "set_up_at": alert.created_at,
                "confirmed_at": alert.confirmed_at,
                "stopped_at": alert.unsubscribed_at,
            }
            for alert in _job_alerts(user, addresses).order_by("created_at")
        ],
        "event_registrations": [
            {
                "event": registration.event.title,
                "starts_at": registration.event.start,
                "name": registration.name,
                "email": registration.email,
                "phone": registration.phone,
                "registered_at": registration.created_at,
                "campaign_attribution": registration.attribution,
            }
            for registration in _event_registrations(addresses).select_related("event").order_by("created_at")
        ],
        "emails_we_sent_you": [
            {
                "to": email.to,
                "subject": email.subject,
                "sent_at": email.sent_at,
                "text": email_bodies(email)[0],
            }
            for email in emails_to({user.email.lower(), *addresses}).order_by("created_at")
        ],
        "equality_answers": None,
    }
    if profile is not None:
        data["profile"] = {
            "phone": profile.phone,
            "postcode": profile.postcode,
            "over_18": profile.over_18,
            "right_to_work": profile.get_right_to_work_display(),
            "driving_licence": profile.driving_licence,
            "has_car": profile.has_car,
            "availability": profile.availability,
            "hours_wanted": profile.hours_wanted,
            "roles": [role.name for role in profile.roles.all()],
            "care_settings": profile.care_settings,
            "experience": profile.get_experience_display(),
            "care_certificate": profile.get_care_certificate_display(),
            "qualifications": profile.qualifications,
            "personal_statement": profile.personal_statement,
            "referees": profile.referees,
        }
    equality = getattr(user, "equality_response", None) if hasattr(user, "equality_response") else None
    if equality is not None:
        data["equality_answers"] = {
            name: getattr(equality, f"get_{name}_display")() for name in equality.REPORTED_FIELDS
        }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "my-data.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
        )
        for entry, cv in zip(data["cvs"], cvs, strict=True):
            if cv.file and cv.scan_status != CV.ScanStatus.INFECTED:
                with cv.file.open("rb") as handle:
                    archive.writestr(entry["file"], handle.read())
    return buffer.getvalue()


def cv_file_name(index: int, cv: CV) -> str:
    """`cvs/<n>-<name>.<ext>`: letters, digits and dashes from the uploaded name, the extension of
    the stored file; nothing Windows refuses (`<>:"/\\|?*`), no hidden or parent names."""
    stem = slugify(PurePosixPath(cv.original_name).stem)[:60] or "cv"
    extension = re.sub(r"[^a-z0-9]", "", PurePosixPath(cv.file.name or "").suffix.lower())[:5] or "bin"
    return f"cvs/{index}-{stem}.{extension}"


def _export_application(app: Application) -> dict:
    offer = getattr(app, "offer", None)
    draft = getattr(app, "draft", None)
    return {
        "job": app.vacancy.title,
        "employer": app.vacancy.organisation.name,
        "status": CANDIDATE_WORDING[app.stage],
        "applied_at": app.applied_at,
        "what_you_sent": app.snapshot,
        "answers_as_you_filled_them_in": draft.answers if draft else None,
        "email_you_started_with": draft.guest_email if draft else "",
        "answers_that_did_not_fit_the_job": app.knockout_flags,
        "history": [
            {"at": event.at, "status": CANDIDATE_WORDING.get(event.to_stage, ""), "note": event.note}
            for event in app.events.all()
        ],
        "campaign_attribution": app.attribution,
        "messages_from_the_employer": [
            {"sent_at": message.sent_at, "subject": message.subject, "message": message.body}
            for message in app.messages.all()
        ],
        "notes_by_the_employer": [{"at": note.created_at, "note": note.body} for note in app.notes.all()],
        "ratings": [
            {"criterion": rating.criterion.name, "score": rating.score, "rated_at": rating.updated_at}
            for rating in app.ratings.all()
        ],
        "interviews": [
            {
                "status": interview.get_status_display(),
                "starts_at": interview.slot.starts_at if interview.slot else None,
                "place": interview.slot.place if interview.slot else "",
                "invited_at": interview.invited_at,
            }
            for interview in app.interviews.all()
        ],
        "offer": None
        if offer is None
        else {
            "status": offer.get_status_display(),
            "made_at": offer.made_at,
            "start_date": offer.start_date,
            "conditions": offer.conditions,
            "withdrawn_at": offer.withdrawn_at,
            "withdrawal_reason": offer.withdrawal_reason,
            "unspent_convictions": offer.has_unspent_convictions,
            "criminal_record_disclosure": offer.disclosure_details,
            "disclosed_at": offer.disclosed_at,
        },
        "pre_employment_checks": [
            {
                "check": check.get_kind_display(),
                "status": check.get_status_display(),
                "dbs_level": check.get_dbs_level_display(),
                "certificate_number": check.certificate_number,
                "certificate_date": check.certificate_date,
            }
            for check in app.checks.all()
        ],
        "where_you_were_sent": [_export_decision(decision) for decision in app.routing_decisions.all()],
        "consents": [_export_consent(consent) for consent in app.consents.all()],
        "who_looked_at_it": [
            {
                "organisation": entry.organisation_name,
                "what": entry.get_action_display(),
                "detail": entry.detail,
                "at": entry.at,
            }
            for entry in app.access_log.all()
        ],
    }


def _export_decision(decision: RoutingDecision) -> dict:
    return {
        "sent_to": decision.destination.name,
        "why": decision.reason,
        "at": decision.decided_at,
        "status": decision.status,
        "log": [
            {"what": event.get_kind_display(), "note": event.note, "at": event.at}
            for event in decision.events.all()
        ],
    }


def _export_referral(referral: Referral) -> dict:
    return {
        "from": referral.from_org.name,
        "to": referral.to_org.name,
        "you_agreed_at": referral.consent_at,
        "details_passed_on": referral.shared,
        "note": referral.note,
        "status": referral.get_status_display(),
        "reply": referral.decision_note,
        "at": referral.created_at,
    }


def _export_enrolment(enrolment: Enrolment) -> dict:
    return {
        "course": enrolment.cohort.course,
        "starts_on": enrolment.cohort.starts_on,
        "venue": enrolment.cohort.venue,
        "status": enrolment.get_status_display(),
    }


def _export_consent(consent: ConsentRecord) -> dict:
    return {
        "purpose": consent.get_purpose_display(),
        "wording": consent.wording,
        "given_at": consent.given_at,
        "withdrawn_at": consent.withdrawn_at,
    }


def _export_enquiry(enquiry: Enquiry) -> dict:
    return {
        "name": enquiry.name,
        "email": enquiry.email,
        "phone": enquiry.phone,
        "postcode": enquiry.postcode,
        "interests": enquiry.interests,
        "experience": enquiry.experience,
        "availability": enquiry.availability,
        "hours_wanted": enquiry.hours_wanted,
        "drives": enquiry.driving,
        "over_18": enquiry.over_18,
        "message": enquiry.message,
        "sent_at": enquiry.created_at,
        "campaign_attribution": enquiry.attribution,
        "where_you_were_sent": [_export_decision(decision) for decision in enquiry.routing_decisions.all()],
        "referrals": [_export_referral(referral) for referral in enquiry.referrals.all()],
        "course_places": [_export_enrolment(enrolment) for enrolment in enquiry.enrolments.all()],
        "consents": [_export_consent(consent) for consent in enquiry.consents.all()],
    }


def erase_application(application: Application) -> None:
    """Remove the candidate's personal data from one application, and everything written about
    them on it; keep the row (vacancy, stage, dates, attribution) for statistics."""
    cv = application.cv
    application.snapshot = {"erased_at": timezone.now().isoformat(timespec="seconds")}
    application.candidate = None
    application.cv = None
    application.knockout_flags = []
    application.anonymised = True
    application.save(
        update_fields=["snapshot", "candidate", "cv", "knockout_flags", "anonymised", "updated_at"]
    )
    application.events.update(note="")
    application.messages.all().delete()
    application.notes.all().delete()
    application.ratings.all().delete()
    application.checks.all().delete()  # DBS certificate numbers, reference and health outcomes
    Offer.objects.filter(application=application).delete()  # with the criminal-record disclosure
    ApplicationDraft.objects.filter(application=application).delete()  # a copy of the answers
    erase_routing_decisions(RoutingDecision.objects.filter(application=application))
    ConsentRecord.objects.filter(application=application).delete()
    if cv is not None and not Application.objects.filter(cv=cv).exists():
        _delete_cv_file(cv)
        cv.delete()


def erase_offer_disclosure(offer: Offer) -> bool:
    """Forget what the candidate disclosed about criminal records, and why an offer was withdrawn
    (often the same matter); once they are hired, the offer's conditions too, which have been met.
    The offer itself stays. Returns whether there was anything to forget."""
    fields = {
        "has_unspent_convictions": None,
        "disclosure_details": "",
        "disclosed_at": None,
        "withdrawal_reason": "",
    }
    if offer.application.stage == Stage.HIRED:
        fields["conditions"] = ""
    changed = [name for name, value in fields.items() if getattr(offer, name) != value]
    for name in changed:
        setattr(offer, name, fields[name])
    if changed:
        offer.save(update_fields=changed)
    return bool(changed)


def erase_routing_decisions(decisions: QuerySet[RoutingDecision]) -> None:
    """A routing decision's reason names where the person lives; the decision (rule, destination,
    dates) stays for the service-level figures."""
    decisions.update(reason=ERASED_REASON)
    RoutingEvent.objects.filter(decision__in=decisions).update(note="")


def erase_referrals(referrals: QuerySet[Referral]) -> None:
    """A referral keeps who passed whom to whom and when, not the details shared or the notes."""
    referrals.update(shared={}, note="", decision_note="")


def _delete_cv_file(cv: CV) -> None:
    if cv.file:
        cv.file.delete(save=False)


@transaction.atomic
def delete_account(user) -> None:
    """Erase the user's personal data and files; anonymise their applications for statistics."""
    for application in Application.objects.filter(candidate=user):
        erase_application(application)
    for cv in CV.objects.filter(candidate=user):
        _delete_cv_file(cv)
    for enquiry in Enquiry.objects.filter(Q(user=user) | Q(email__iexact=user.email)):
        erase_enquiry(enquiry)
    addresses = _verified_addresses(user)
    ApplicationDraft.objects.annotate(address=Lower("guest_email")).filter(
        candidate=None, address__in=addresses
    ).delete()  # guest drafts started with the account's address
    alerts = _job_alerts(user, addresses)
    erase_admin_log(JobAlert, list(alerts.values_list("pk", flat=True)))
    alerts.delete()  # with their delivery records: no more digests
    erase_event_registrations(addresses)
    delete_emails_to({user.email.lower(), *addresses})
    erase_admin_log(get_user_model(), [user.pk])
    email = user.email
    user.delete()  # cascades: profile, CV rows, drafts, saved jobs, consents, equality answers,
    # referrals and course places of the account; audit rows keep only the user's id
    logger.info("Deleted account %s and erased its personal data", hash(email) & 0xFFFFFFFF)


def emails_to(addresses: set[str]) -> QuerySet[OutboxEmail]:
    """Emails in the outbox (sent, or waiting) addressed to these addresses only."""
    if not addresses:
        return OutboxEmail.objects.none()
    matches = Q()
    for address in addresses:
        matches |= Q(recipients__icontains=address)
    candidates = OutboxEmail.objects.annotate(recipients=Cast("to", TextField())).filter(matches)
    ids = [
        pk
        for pk, to in candidates.values_list("pk", "to")
        if to and {str(recipient).lower() for recipient in to} <= addresses
    ]
    return OutboxEmail.objects.filter(pk__in=ids)


def delete_emails_to(addresses: set[str]) -> int:
    """The outbox keeps sent emails OUTBOX_KEEP_DAYS for support questions, not past an erasure."""
    return emails_to(addresses).delete()[0]


def erase_admin_log(model, pks) -> None:
    """The Wagtail admin's history of edits names the object edited as it was then (an enquiry's
    or alert's label holds a name or email); the entries stay, labelled by id."""
    content_type = ContentType.objects.get_for_model(model)
    for pk in pks:
        ModelLogEntry.objects.filter(content_type=content_type, object_id=str(pk)).update(
            label=f"{model._meta.verbose_name} {pk}"
        )


def erase_event_registrations(addresses: list[str]) -> None:
    """Registrations for events still to come are cancelled (the place is freed, no reminder is
    sent); those for past events keep their row, without the name, email or phone, for the
    events' attendance and campaign figures."""
    registrations = _event_registrations(addresses)
    registrations.filter(event__end__gte=timezone.now()).delete()
    for registration in registrations:
        registration.name = "Erased"
        registration.email = f"erased-{registration.pk}@invalid.example"
        registration.phone = ""
        registration.save(update_fields=["name", "email", "phone"])


def erase_enquiry(enquiry: Enquiry) -> None:
    """Remove the enquirer's personal data; keep the postcode district and the answers given as
    codes (interests, experience, availability) for statistics."""
    district = enquiry.postcode.split(" ")[0].upper()
    enquiry.name = "Erased"
    enquiry.email = f"erased-{enquiry.public_id.hex[:12]}@invalid.example"
    enquiry.phone = ""
    enquiry.postcode = district if OUTCODE.fullmatch(district) else ""
    enquiry.message = ""
    enquiry.interests = _codes(enquiry.interests)
    enquiry.availability = _codes(enquiry.availability)
    if enquiry.experience not in CandidateProfile.Experience.values:
        enquiry.experience = ""
    enquiry.user = None
    enquiry.anonymised = True
    enquiry.save()
    erase_routing_decisions(RoutingDecision.objects.filter(enquiry=enquiry))
    erase_referrals(Referral.objects.filter(enquiry=enquiry))
    erase_admin_log(Enquiry, [enquiry.pk])
    ConsentRecord.objects.filter(enquiry=enquiry).delete()


def _codes(values) -> list[str]:
    return [value for value in values or [] if isinstance(value, str) and CODE.fullmatch(value)]


@dataclass
class RetentionResult:
    applications: int = 0
    cvs_deleted: int = 0


def retention_cutoff(today: date | None = None) -> date:
    return (today or timezone.localdate()) - relativedelta(months=settings.RETENTION_MONTHS)


def purge_unsuccessful_candidates(today: date | None = None) -> RetentionResult:
    """Erase unsuccessful candidates' personal data and CVs RETENTION_MONTHS after the decision
    (rejected or withdrawn) or the vacancy's closing date, whichever is later. Open applications
    wait for a decision, however old."""
    cutoff = retention_cutoff(today)
    result = RetentionResult()
    for application in unsuccessful_applications_due(cutoff).select_related("cv").order_by("pk").iterator():
        with transaction.atomic():
            cv_id = application.cv_id
            erase_application(application)
            result.applications += 1
            result.cvs_deleted += int(cv_id is not None and not CV.objects.filter(pk=cv_id).exists())
        logger.info(
            "Retention: erased personal data of application %s (vacancy %s, %s)",
            application.public_id,
            application.vacancy_id,
            application.stage,
        )
    logger.info(
        "Retention run (cutoff %s, %s months): %s applications erased, %s CVs deleted",
        cutoff,
        settings.RETENTION_MONTHS,
        result.applications,
        result.cvs_deleted,
    )
    return result


def unsuccessful_applications_due(cutoff: date) -> QuerySet[Application]:
    vacancy_closed = Q(vacancy__closing_date__lte=cutoff) | Q(
        vacancy__closing_date__isnull=True,
        vacancy__status__in=["closed", "filled"],
        vacancy__updated_at__date__lte=cutoff,
    )
    # The later of the decision and the vacancy's closing date starts the clock.
    decided = (
        Q(stage=Stage.REJECTED, rejected_at__date__lte=cutoff)
        | Q(stage=Stage.WITHDRAWN, withdrawn_at__date__lte=cutoff)
    ) & ~Q(vacancy__closing_date__gt=cutoff) | (
        Q(stage__in=UNSUCCESSFUL_STAGES, rejected_at=None, withdrawn_at=None) & vacancy_closed
    )
    return Application.objects.filter(anonymised=False).filter(decided)
