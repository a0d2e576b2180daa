"""Demo people with accounts: recruiters and staff (with an authenticator), the regional admin, the jobseeker;
their credentials kept in .demo-accounts so `make demo` prints the same ones each time."""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from pathlib import Path

from allauth.account.models import EmailAddress
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator

from django.conf import settings
from django.contrib.auth.models import Group

from ats.organisations.models import Membership, Organisation
from ats.organisations.permissions import REGIONAL_ADMINS_GROUP
from cms.models import User

# Demo people of the recruiter portal: (email, first, last, organisation slug or academy council, role)
DEMO_STAFF = [
    ("recruiter@tynevalley.example", "Rita", "Robson", "tyne-valley-home-care", "admin"),
    ("viewer@tynevalley.example", "Vic", "Vardy", "tyne-valley-home-care", "viewer"),
    ("coordinator@newcastle-academy.example", "Cora", "Charlton", "E08000021", "coordinator"),
    ("recruiter@northumbria-nhs.example", "Nita", "Nixon", "RTF", "recruiter"),
]
# What each demo account is for, as `make demo` prints it and the README explains it.
DEMO_STAFF_LABELS = {
    "recruiter@tynevalley.example": "Recruiter and organisation admin, Tyne Valley Home Care",
    "viewer@tynevalley.example": "Viewer, Tyne Valley Home Care (reads its pipeline, changes nothing)",
    "coordinator@newcastle-academy.example": "Academy coordinator, Newcastle upon Tyne Care Academy",
    "recruiter@northumbria-nhs.example": "NHS recruiter, Northumbria Healthcare NHS Foundation Trust",
}
REGIONAL_ADMIN = ("admin@example.org", "Reggie", "Admin")
DEMO_JOBSEEKER = "amira.begum@applicant.example"  # one of DEMO_APPLICANTS, with an application
# The regional admin, the staff above, a marketing moderator and editor (campaign.demo), a jobseeker.
DEMO_ACCOUNT_COUNT = 1 + len(DEMO_STAFF) + 2 + 1


@dataclass(frozen=True)
class DemoAccount:
    label: str
    email: str
    password: str
    totp_secret: str  # "" for accounts that sign in with a password alone (jobseekers)


def credentials_path() -> Path:
    return Path(settings.BASE_DIR) / ".demo-accounts"


def saved_accounts() -> list[DemoAccount]:
    """The demo accounts as the last seeding saved them in .demo-accounts (none if it is missing)."""
    path = credentials_path()
    accounts = []
    if path.exists():
        for line in path.read_text().splitlines():
            parts = [part.strip() for part in line.split("|")]
            if len(parts) == 4 and "@" in parts[1]:
                accounts.append(DemoAccount(*parts))
    return accounts


def saved_credentials() -> dict[str, tuple[str, str]]:
    """email -> (password, TOTP secret) from .demo-accounts, so reseeding keeps them."""
    return {account.email: (account.password, account.totp_secret) for account in saved_accounts()}


def save_credentials(accounts: list[DemoAccount]) -> None:
    lines = ["# role | email | password | authenticator (TOTP) secret: demo accounts made by seed_demo"]
    lines += [f"{a.label} | {a.email} | {a.password} | {a.totp_secret}" for a in accounts]
    credentials_path().write_text("\n".join(lines) + "\n")


def _totp_secret() -> str:
    """A new authenticator secret: 20 random bytes in base32, as authenticator apps expect."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii")


def demo_user(
    label: str, email: str, first: str, last: str, *, saved: dict, mfa: bool = True, **fields
) -> tuple[User, DemoAccount]:
    """Create or refresh a demo user with a verified email, its saved password and, for staff, an
    authenticator app (TOTP) holding its saved secret."""
    password, secret = saved.get(email, ("", ""))
    password = password or secrets.token_urlsafe(12)
    secret = (secret or _totp_secret()) if mfa else ""
    user = User.objects.filter(email=email).first() or User(email=email, first_name=first, last_name=last)
    for name, value in fields.items():
        setattr(user, name, value)
    user.set_password(password)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    if mfa:
        Authenticator.objects.create(
            user=user, type=Authenticator.Type.TOTP, data={"secret": get_mfa_adapter().encrypt(secret)}
        )
    return user, DemoAccount(label, email, password, secret)


def seed_staff(saved: dict) -> list[DemoAccount]:
    """The regional admin, and a member of each kind of organisation in each portal role."""
    email, first, last = REGIONAL_ADMIN
    admin, account = demo_user(
        "Regional admin (everything: every organisation, the CMS, routing, reports)",
        email,
        first,
        last,
        saved=saved,
        is_staff=True,
        is_superuser=True,
    )
    admin.groups.add(*Group.objects.filter(name=REGIONAL_ADMINS_GROUP))
    accounts = [account]
    for email, first, last, org_key, role in DEMO_STAFF:
        organisation = (
            Organisation.objects.filter(slug=org_key).first()
            or Organisation.objects.filter(kind=Organisation.Kind.NHS_TRUST, ods_code=org_key).first()
            or Organisation.objects.filter(
                kind=Organisation.Kind.ACADEMY, local_authority__ons_code=org_key
            ).first()
        )
        if organisation is None:
            continue
        user, account = demo_user(DEMO_STAFF_LABELS[email], email, first, last, saved=saved)
        Membership.objects.update_or_create(user=user, organisation=organisation, defaults={"role": role})
        accounts.append(account)
    return accounts


def seed_jobseeker(saved: dict) -> list[DemoAccount]:
    """A jobseeker who has applied (one of the demo applicants), signing in with a password."""
    user = User.objects.filter(email=DEMO_JOBSEEKER).first()
    if user is None:
        return []
    _, account = demo_user(
        "Jobseeker (applied to a Tyne Valley job: sees its status, saved searches)",
        user.email,
        user.first_name,
        user.last_name,
        saved=saved,
        mfa=False,
    )
    return [account]


# Demo applicants to Tyne Valley's vacancies: (first, last, stage, distance, knock-out flags)
