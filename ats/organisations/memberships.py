"""Organisation people: invite a colleague by email (signed link), accept, remove."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ats.organisations.models import Membership, Organisation
from ats.organisations.sessions import end_sessions
from ats.pipeline.models import Invitation
from cms.email import queue_email

INVITATION_SALT = "ats.invitation"
INVITATION_MAX_AGE = 14 * 24 * 3600


class MembershipError(Exception):
    pass


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps(str(invitation.public_id), salt=INVITATION_SALT)


def invitation_from_token(token: str) -> Invitation | None:
    try:
        public_id = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.BadSignature:
        return None
    return Invitation.objects.select_related("organisation").filter(public_id=public_id).first()


def invite_colleague(organisation: Organisation, *, email: str, role: str, by) -> Invitation:
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise MembershipError(f"{email} is already a member of {organisation.name}.")
    with transaction.atomic():
        invitation = Invitation.objects.create(
            organisation=organisation, email=email, role=role, invited_by=by
        )
        url = settings.SITE_URL + reverse(
            "recruit:invitation-accept", kwargs={"token": invitation_token(invitation)}
        )
        queue_email(
            email,
            "emails/recruit/invitation",
            {
                "organisation": organisation,
                "invited_by": by.get_full_name() or by.email,
                "role": Membership.Role(role).label.lower(),
                "url": url,
            },
        )
    return invitation


def accept_invitation(invitation: Invitation, user) -> Membership:
    if not invitation.is_pending:
        raise MembershipError("This invitation has already been used or was cancelled.")
    if user.email.lower() != invitation.email.lower():
        raise MembershipError("This invitation was sent to a different email address.")
    with transaction.atomic():
        membership, _ = Membership.objects.get_or_create(
            user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
        )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
    return membership


def remove_member(membership: Membership, *, by) -> None:
    """Take the person out of the organisation and sign them out everywhere, so a session left open
    on a shared computer keeps nothing of their access."""
    organisation = membership.organisation
    if membership.role == Membership.Role.ADMIN and (
        organisation.memberships.filter(role=Membership.Role.ADMIN).count() <= 1
    ):
        raise MembershipError(
            "You cannot remove the organisation's only admin. Make someone else admin first."
        )
    with transaction.atomic():
        membership.delete()
        end_sessions(membership.user)
