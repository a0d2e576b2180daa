"""Care academy courses and referrals between organisations."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from ats.applications.models import CandidateProfile, ConsentRecord, Enquiry
from ats.jobs.models import Vacancy
from ats.organisations.models import Organisation
from ats.routing.models import Cohort, Enrolment, Referral
from ats.routing.services import recipients_for
from cms.email import queue_email

REFERRAL_CONSENT = (
    "The care academy or employer you are talking to may pass your details to another care academy, "
    "care employer or NHS trust that could offer you work or training. They share only what that "
    "organisation needs, and you can see every referral on your dashboard. You can withdraw this at "
    "any time."
)
NO_CONSENT = (
    "They have not agreed to be referred to another organisation. Ask them to agree on their "
    "dashboard (or in a new enquiry), then refer them."
)


class AcademyError(ValueError):
    """A move that is not allowed, with a message for the coordinator."""


# Allowed enrolment moves. Completed and withdrawn are final.
ENROLMENT_MOVES: dict[str, set[str]] = {
    Enrolment.Status.INVITED: {
        Enrolment.Status.BOOKED,
        Enrolment.Status.ATTENDED,
        Enrolment.Status.WITHDRAWN,
    },
    Enrolment.Status.BOOKED: {Enrolment.Status.ATTENDED, Enrolment.Status.WITHDRAWN},
    Enrolment.Status.ATTENDED: {Enrolment.Status.COMPLETED, Enrolment.Status.WITHDRAWN},
    Enrolment.Status.COMPLETED: set(),
    Enrolment.Status.WITHDRAWN: set(),
}


def invite(cohort: Cohort, *, enquiry: Enquiry | None = None, candidate=None) -> Enrolment:
    """Offer a place on a cohort. Raises AcademyError if it is full or the person is already on it."""
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        if cohort.places_left <= 0:
            raise AcademyError("This course is full.")
        person = {"enquiry": enquiry} if enquiry is not None else {"candidate": candidate}
        if cohort.enrolments.filter(**person).exists():
            raise AcademyError("This person is already on this course.")
        if enquiry is not None and candidate is None and enquiry.user_id:
            person["candidate"] = enquiry.user
        enrolment = Enrolment.objects.create(
            cohort=cohort, status=Enrolment.Status.INVITED, invited_at=timezone.now(), **person
        )
        name, email = _contact(enrolment)
        queue_email(
            email,
            "emails/academy/course_invitation",
            {"name": name, "cohort": cohort, "academy": cohort.academy, "url": place_url(enrolment)},
        )
        return enrolment


PLACE_SALT = "ats.academy.place"
PLACE_LINK_MAX_AGE = 120 * 24 * 3600


def place_url(enrolment: Enrolment) -> str:
    """The link in a course invitation: the person books or turns down their place without an account."""
    token = signing.dumps(enrolment.pk, salt=PLACE_SALT)
    return settings.SITE_URL + reverse("hiring:course-place", kwargs={"token": token})


def enrolment_for_link(token: str) -> Enrolment | None:
    try:
        pk = signing.loads(token, salt=PLACE_SALT, max_age=PLACE_LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    return Enrolment.objects.select_related("cohort__academy", "enquiry", "candidate").filter(pk=pk).first()


def answer_invitation(enrolment: Enrolment, *, accept: bool) -> Enrolment:
    """The person's answer to a course invitation: their place is booked, or given back."""
    wanted = Enrolment.Status.BOOKED if accept else Enrolment.Status.WITHDRAWN
    if enrolment.status == wanted:
        return enrolment
    if enrolment.status not in (Enrolment.Status.INVITED, Enrolment.Status.BOOKED):
        raise AcademyError(
            "This invitation is no longer open. Contact the academy if you still want a place."
        )
    return move_enrolment(enrolment, wanted)


def _contact(enrolment: Enrolment) -> tuple[str, str]:
    if enrolment.enquiry_id:
        return enrolment.enquiry.name, enrolment.enquiry.email
    return enrolment.candidate.get_full_name(), enrolment.candidate.email


def move_enrolment(enrolment: Enrolment, to: str) -> Enrolment:
    """Record booking, attendance, completion or withdrawal. Completion updates the candidate's profile."""
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if to not in ENROLMENT_MOVES.get(enrolment.status, set()):
            raise AcademyError(
                f"You cannot mark someone who is {enrolment.get_status_display().lower()} as "
                f"{Enrolment.Status(to).label.lower()}."
            )
        enrolment.status = to
        setattr(enrolment, f"{to}_at", timezone.now())
        enrolment.save(update_fields=["status", f"{to}_at"])
        user = enrolment.candidate or (enrolment.enquiry.user if enrolment.enquiry_id else None)
        if to == Enrolment.Status.COMPLETED and user is not None:
            CandidateProfile.objects.update_or_create(
                user=user, defaults={"care_certificate": CandidateProfile.CareCertificate.COMPLETED}
            )
        return enrolment


def _shared_values(enquiry: Enquiry | None, candidate, fields: Iterable[str]) -> dict:
    allowed = {key for key, _ in Referral.SHAREABLE_FIELDS}
    values: dict = {}
    profile = getattr(candidate, "candidate_profile", None) if candidate else None
    for key in fields:
        if key not in allowed:
            continue
        if enquiry is not None:
            source = {
                "name": enquiry.name,
                "email": enquiry.email,
                "phone": enquiry.phone,
                "postcode": enquiry.postcode,
                "experience": enquiry.experience,
                "interests": ", ".join(enquiry.interests or []),
                "availability": ", ".join(enquiry.availability or []),
                "hours_wanted": enquiry.hours_wanted,
                "driving": "Yes" if enquiry.driving else "No",
                "care_certificate": "",
            }
            if enquiry.user_id and hasattr(enquiry.user, "candidate_profile"):
                source["care_certificate"] = enquiry.user.candidate_profile.get_care_certificate_display()
        else:
            source = {
                "name": candidate.get_full_name(),
                "email": candidate.email,
                "phone": profile.phone if profile else "",
                "postcode": profile.postcode if profile else "",
                "experience": profile.experience if profile else "",
                "interests": ", ".join(profile.care_settings) if profile else "",
                "availability": ", ".join(profile.availability) if profile else "",
                "hours_wanted": profile.hours_wanted if profile else None,
                "driving": ("Yes" if profile.driving_licence else "No") if profile else "",
                "care_certificate": profile.get_care_certificate_display() if profile else "",
            }
        values[key] = source[key]
    return values


# --- Consent ------------------------------------------------------------------------------------------


def give_referral_consent(*, user=None, enquiry: Enquiry | None = None, wording: str = REFERRAL_CONSENT):
    """Record that the person agreed to be referred (from their dashboard or the enquiry form)."""
    if user is None and enquiry is None:
        raise AcademyError("Say whose agreement this is.")
    current = referral_consent(enquiry=enquiry, candidate=user)
    if current is not None:
        return current
    return ConsentRecord.objects.create(
        user=user or (enquiry.user if enquiry else None),
        enquiry=enquiry,
        purpose=ConsentRecord.Purpose.REFERRAL,
        wording=wording,
    )


def withdraw_referral_consent(user) -> int:
    """The person no longer agrees to new referrals. Referrals already made stay as they were."""
    return ConsentRecord.objects.filter(
        Q(user=user) | Q(enquiry__user=user),
        purpose=ConsentRecord.Purpose.REFERRAL,
        withdrawn_at=None,
    ).update(withdrawn_at=timezone.now())


def referral_consent(*, enquiry: Enquiry | None = None, candidate=None) -> ConsentRecord | None:
    """The person's current agreement to be referred, or None: by their enquiry or their account."""
    user = candidate or (enquiry.user if enquiry is not None and enquiry.user_id else None)
    who = Q()
    if enquiry is not None:
        who |= Q(enquiry=enquiry)
    if user is not None:
        who |= Q(user=user) | Q(enquiry__user=user)
    if not who:
        return None
    return (
        ConsentRecord.objects.filter(who, purpose=ConsentRecord.Purpose.REFERRAL, withdrawn_at=None)
        .order_by("-given_at", "-pk")
        .first()
    )


# --- Referrals ----------------------------------------------------------------------------------------


def create_referral(
    *,
    from_org: Organisation,
    to_org: Organisation,
    fields: Iterable[str],
    by=None,
    enquiry: Enquiry | None = None,
    candidate=None,
    vacancy: Vacancy | None = None,
    note: str = "",
) -> Referral:
    """Pass a person to another organisation. Needs the person's own recorded agreement
    (`referral_consent`); only `fields` are shared, copied as they are now."""

    if enquiry is None and candidate is None:
        raise AcademyError("Choose the person to refer.")
    if from_org.pk == to_org.pk:
        raise AcademyError("Choose a different organisation.")
    if vacancy is not None and vacancy.organisation_id != to_org.pk:
        raise AcademyError("That vacancy belongs to a different organisation.")
    if not [key for key in fields if key in dict(Referral.SHAREABLE_FIELDS)]:
        raise AcademyError("Choose what to share with them.")
    with transaction.atomic():
        consent = referral_consent(enquiry=enquiry, candidate=candidate)
        if consent is None:
            raise AcademyError(NO_CONSENT)
        referral = Referral.objects.create(
            from_org=from_org,
            to_org=to_org,
            enquiry=enquiry,
            candidate=candidate or (enquiry.user if enquiry and enquiry.user_id else None),
            vacancy=vacancy,
            consent_at=consent.given_at,
            shared=_shared_values(enquiry, candidate, fields),
            note=note,
            created_by=by,
        )
        recipients = recipients_for(to_org)
        if recipients:
            queue_email(recipients, "emails/routing/referral", {"referral": referral})
    return referral


def respond_to_referral(referral: Referral, *, accept: bool, by, note: str = "") -> Referral:
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        if referral.status != Referral.Status.PENDING:
            raise AcademyError(f"This referral was already {referral.get_status_display().lower()}.")
        referral.status = Referral.Status.ACCEPTED if accept else Referral.Status.DECLINED
        referral.decided_at = timezone.now()
        referral.decided_by = by
        referral.decision_note = note
        referral.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
        _email_referral_outcome(referral)
    return referral


def _referral_person_email(referral: Referral) -> str:
    if referral.enquiry_id and referral.enquiry.email:
        return referral.enquiry.email
    return referral.candidate.email if referral.candidate_id else ""


def _email_referral_outcome(referral: Referral) -> None:
    """Tell the referring organisation and the person how the referral was answered (after commit)."""

    context = {"referral": referral, "accepted": referral.status == Referral.Status.ACCEPTED}
    senders = recipients_for(referral.from_org)
    if senders:
        queue_email(senders, "emails/routing/referral_outcome", context)
    person = _referral_person_email(referral)
    if person:
        queue_email(person, "emails/routing/referral_outcome_candidate", context)
