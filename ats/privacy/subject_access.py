"""Subject access: "Download my data", a zip of everything held about a person.

`my-data.json` holds what they gave us, what employers wrote about them (notes, ratings, the stage
history with its notes, the offer and checks), where they were routed and why, referrals, course
places, drafts, emails we sent them and who looked at each application; their CV files sit beside
it under names every operating system can extract."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import PurePosixPath

from allauth.account.models import EmailAddress

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify

from ats.applications.models import (
    CV,
    Application,
    ApplicationDraft,
    CandidateProfile,
    ConsentRecord,
    Enquiry,
    InactivityWarning,
    SavedJob,
)
from ats.pipeline.status import CANDIDATE_WORDING
from ats.privacy import registry
from ats.privacy.erasure import emails_to, job_alerts_of, verified_addresses
from ats.routing.models import Enrolment, Referral, RoutingDecision
from cms.email import email_bodies


def export_data(user) -> bytes:
    """A zip holding `my-data.json` (everything we keep about the user: what they gave us, what
    employers wrote about them, where they were sent and who looked) and their CV files, each
    under a name every operating system can extract."""
    profile = CandidateProfile.objects.filter(user=user).first()
    addresses = verified_addresses(user)
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
            for alert in job_alerts_of(user, addresses).order_by("created_at")
        ],
        **{holder.key: holder.export(addresses) for holder in registry.holders()},
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
                "whose_turn": check.get_turn_display(),
                "since": check.turn_since,
                "what_happens_next": check.next_step,
            }
            for check in app.checks.all()
        ],
        "references": [
            {
                "referee": request.referee_name,
                "referee_email": request.referee_email,
                "relationship": request.relationship,
                "asked_at": request.sent_at,
                "received_at": request.received_at,
                "answers": request.answers.get("rows", []),
            }
            for request in app.reference_requests.all()
        ],
        "not_progressed_because": [
            {"reason": outcome.reason_label, "detail": outcome.detail, "at": outcome.at}
            for outcome in app.outcomes.all()
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
