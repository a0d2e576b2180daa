"""Personal data: account deletion, and the erasure the retention schedule (docs/retention.md,
ats/privacy/retention.py) applies. The subject access download is ats/privacy/subject_access.py.

Erasing an application keeps the row for statistics (vacancy, stage, dates, attribution) and
removes everything that identifies the candidate or was written about them: the link to them, the
snapshot, the CV, the draft behind it, recruiters' notes and ratings, the offer with its
criminal-record self-disclosure, the pre-employment checks, messages, and the routing reasons.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date

from allauth.account.models import EmailAddress
from dateutil.relativedelta import relativedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast, Lower
from django.utils import timezone

from wagtail.models import ModelLogEntry

from ats.alerts.models import JobAlert
from ats.applications.models import (
    CV,
    Application,
    ApplicationDraft,
    CandidateProfile,
    ConsentRecord,
    Enquiry,
)
from ats.pipeline.models import Offer
from ats.pipeline.status import Stage
from ats.privacy import registry
from ats.routing.models import Referral, RoutingDecision, RoutingEvent
from cms.models import OutboxEmail

logger = logging.getLogger(__name__)

UNSUCCESSFUL_STAGES = (Stage.REJECTED, Stage.WITHDRAWN)
ERASED_REASON = "Erased with the person's data."
# What an erased row keeps of a list of choices (interests, availability): codes, not free text.
CODE = re.compile(r"[a-z0-9_-]{1,40}")
OUTCODE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?")


def verified_addresses(user) -> list[str]:
    """The user's verified email addresses, lower-cased: what proves that alerts and event
    registrations made without signing in are theirs (an unverified address may be someone else's)."""
    return [
        address.lower()
        for address in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    ]


def job_alerts_of(user, addresses: list[str]):
    """Alerts made while signed in, or confirmed to one of the user's verified addresses."""
    return JobAlert.objects.annotate(address=Lower("email")).filter(
        Q(user=user) | Q(user=None, address__in=addresses)
    )


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
    addresses = verified_addresses(user)
    ApplicationDraft.objects.annotate(address=Lower("guest_email")).filter(
        candidate=None, address__in=addresses
    ).delete()  # guest drafts started with the account's address
    alerts = job_alerts_of(user, addresses)
    erase_admin_log(JobAlert, list(alerts.values_list("pk", flat=True)))
    alerts.delete()  # with their delivery records: no more digests
    for holder in registry.holders():  # what other apps hold (campaign: event registrations)
        holder.erase(addresses)
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
