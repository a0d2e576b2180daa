"""Demo organisations and vacancies. Fictional employers; real councils, trusts and AfC pay."""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

from allauth.account.models import EmailAddress
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.text import slugify

from ats.applications.models import Application, ApplicationEvent
from ats.jobs.models import Role, ScreeningQuestion, Vacancy
from ats.jobs.vacancies import DEFAULT_CRITERIA, refresh_vacancies
from ats.organisations.models import Location, Membership, Organisation
from ats.organisations.permissions import REGIONAL_ADMINS_GROUP
from ats.pipeline.models import CheckItem, InterviewSlot, Offer, RatingCriterion
from ats.places.models import LocalAuthority
from ats.places.postcodes import PostcodeError, lookup
from ats.places.reference_data import Progress, load_all
from ats.routing.bank_holidays import load_bank_holidays
from ats.routing.models import Cohort, RoutingCapacity, RoutingRule
from cms.models import User

# Fictional providers for the demo: (name, kind, council GSS code, postcode, setting, description)
DEMO_PROVIDERS = [
    (
        "Tyne Valley Home Care",
        Organisation.Kind.PROVIDER,
        "E08000021",
        "NE1 4ST",
        "home_care",
        "A family-run home care agency supporting 300 people across Newcastle.",
    ),
    (
        "Wearside Court Care Home",
        Organisation.Kind.PROVIDER,
        "E08000024",
        "SR1 3SD",
        "residential",
        "A 60-bed residential home for older people near Sunderland city centre.",
    ),
    (
        "Tees Supported Living",
        Organisation.Kind.VOLUNTARY,
        "E06000002",
        "TS1 2AZ",
        "supported_living",
        "A charity supporting adults with learning disabilities to live in their own homes.",
    ),
    (
        "Durham Dales Nursing",
        Organisation.Kind.PROVIDER,
        "E06000047",
        "DH1 1SQ",
        "nursing",
        "A nursing home with 45 beds and a dementia unit.",
    ),
]

# (title, role slug, setting, contract, pattern, hours, pay_min, pay_max, period, new to care, driving)
DEMO_VACANCIES = [
    (
        "Home care worker",
        "home-care-worker",
        "home_care",
        "permanent",
        "flexible",
        30,
        "12.60",
        "13.50",
        "hour",
        True,
        True,
    ),
    (
        "Care assistant (days)",
        "care-worker",
        "residential",
        "permanent",
        "full_time",
        37.5,
        "12.40",
        "12.90",
        "hour",
        True,
        False,
    ),
    (
        "Night care assistant",
        "care-worker",
        "residential",
        "permanent",
        "nights",
        36,
        "13.10",
        "13.60",
        "hour",
        True,
        False,
    ),
    (
        "Support worker",
        "support-worker",
        "supported_living",
        "permanent",
        "part_time",
        24,
        "12.45",
        "13.00",
        "hour",
        True,
        False,
    ),
    (
        "Senior care worker",
        "senior-care-worker",
        "nursing",
        "permanent",
        "full_time",
        40,
        "13.75",
        "14.50",
        "hour",
        False,
        False,
    ),
    (
        "Registered nurse (nights)",
        "registered-nurse",
        "nursing",
        "permanent",
        "nights",
        36,
        "21.50",
        "23.00",
        "hour",
        False,
        False,
    ),
]


# One employer and job in each council the providers above leave out, and the roles the campaign
# site's stories, role pages and quiz link to: every link to a job search on a demo page finds a job.
# (name, kind, council GSS code, postcode, setting, description, vacancy as in DEMO_VACANCIES)
LOCAL_EMPLOYERS = [
    (
        "Tyne Bridge Care",
        Organisation.Kind.PROVIDER,
        "E08000037",
        "NE8 1AD",
        "residential",
        "A care home in Gateshead that trains its own carers through apprenticeships.",
        ("Care apprentice", "care-apprentice", "residential", "fixed_term", "full_time", 37.5,
         "12.40", "12.90", "hour", True, False),
    ),
    (
        "Fish Quay Home Care",
        Organisation.Kind.PROVIDER,
        "E08000022",
        "NE29 0AA",
        "home_care",
        "Home care across North Shields, Tynemouth and Whitley Bay.",
        ("Home care worker (mornings)", "home-care-worker", "home_care", "permanent", "part_time", 20,
         "12.70", "13.40", "hour", True, True),
    ),
    (
        "Sandhaven Supported Living",
        Organisation.Kind.VOLUNTARY,
        "E08000023",
        "NE33 2AA",
        "supported_living",
        "A charity supporting adults with autism to live in their own flats in South Shields.",
        ("Support worker (weekends)", "support-worker", "supported_living", "permanent", "weekends", 16,
         "12.50", "13.10", "hour", True, False),
    ),
    (
        "Skerne Park Care Home",
        Organisation.Kind.PROVIDER,
        "E06000005",
        "DL1 5QT",
        "residential",
        "A 40-bed residential home for older people in Darlington.",
        ("Registered manager", "registered-manager", "residential", "permanent", "full_time", 40,
         "46000", "52000", "year", False, False),
    ),
    (
        "Headland House",
        Organisation.Kind.PROVIDER,
        "E06000001",
        "TS24 8AA",
        "residential",
        "A residential home on Hartlepool's Headland with a garden and its own minibus.",
        ("Activities coordinator", "activities-coordinator", "residential", "permanent", "part_time", 25,
         "12.60", "13.20", "hour", True, False),
    ),
    (
        "Coatham Home Care",
        Organisation.Kind.PROVIDER,
        "E06000003",
        "TS10 1AB",
        "home_care",
        "Home care in Redcar, Marske and Saltburn.",
        ("Home care worker", "home-care-worker", "home_care", "permanent", "flexible", 30, "12.60",
         "13.30", "hour", True, True),
    ),
    (
        "Tees Bridge Nursing Home",
        Organisation.Kind.PROVIDER,
        "E06000004",
        "TS18 1AA",
        "nursing",
        "A 50-bed nursing home in Stockton town centre.",
        ("Care assistant (nursing home)", "care-worker", "nursing", "permanent", "full_time", 36, "12.45",
         "13.00", "hour", True, False),
    ),
]  # fmt: skip
# The NHS home care post works from the trust's Northumberland hospital, not its North Tyneside HQ.
NHS_SITE = ("Wansbeck General Hospital", "Woodhorn Lane, Ashington", "NE63 9JJ", "E06000057")

# The postcodes the demo itself stands on, loaded even with --no-postcodes so that every demo place
# sits at its own postcode (the trusts' headquarters come with their own position in the trust file).
DEMO_POSTCODES = {spec[3] for spec in DEMO_PROVIDERS + LOCAL_EMPLOYERS} | {NHS_SITE[2]}


def seed_reference_data(stdout, *, postcodes: bool = True, progress: Progress | None = None) -> None:
    directory = settings.REFERENCE_DATA_DIR
    if not directory.is_dir():
        raise CommandError(
            f"REFERENCE_DATA_DIR={directory} is not a folder. Unset it to use the reference data "
            "shipped in ats/data/reference/, or point it at your own copies of the same files."
        )
    counts = load_all(directory, postcodes=postcodes, only_postcodes=DEMO_POSTCODES, progress=progress)
    stdout.write("Reference data: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))


def seed(stdout) -> None:
    today = timezone.localdate()
    for la in LocalAuthority.objects.filter(in_region=True):
        Organisation.objects.update_or_create(
            kind=Organisation.Kind.ACADEMY,
            local_authority=la,
            defaults={
                "name": f"{la.name} Care Academy",
                "slug": slugify(f"{la.name} care academy"),
                "verified": True,
                "description": (
                    f"{la.name}'s care academy trains people new to care: the Care Certificate, "
                    "a paid DBS check and a guaranteed interview with a local employer."
                ),
            },
        )
    providers = [_provider(*spec) for spec in DEMO_PROVIDERS]
    for index, spec in enumerate(DEMO_VACANCIES):
        org, location = providers[index % len(providers)]
        vacancy = _vacancy(spec, org, location, index=index)
        if index == 0:
            ScreeningQuestion.objects.get_or_create(
                vacancy=vacancy,
                text="Do you have the right to work in the UK?",
                defaults={"kind": ScreeningQuestion.Kind.YES_NO, "knockout_answer": "no"},
            )
    for index, (*provider, spec) in enumerate(LOCAL_EMPLOYERS, start=len(DEMO_VACANCIES)):
        org, location = _provider(*provider)
        _vacancy(spec, org, location, index=index)

    trust = Organisation.objects.filter(kind=Organisation.Kind.NHS_TRUST, ods_code="RTF").first()
    if trust is None:
        trust, _ = Organisation.objects.update_or_create(
            slug="northumbria-healthcare-nhs-foundation-trust",
            defaults={
                "name": "Northumbria Healthcare NHS Foundation Trust",
                "kind": Organisation.Kind.NHS_TRUST,
                "ods_code": "RTF",
                "verified": True,
            },
        )
    vacancy, _ = Vacancy.objects.update_or_create(
        slug="home-care-support-worker-nhs-northumberland",
        defaults={
            "organisation": trust,
            "title": "Home care support worker (NHS, Band 3)",
            "role": Role.objects.filter(slug="healthcare-support-worker").first(),
            "setting": Vacancy.Setting.HOME_CARE,
            "contract": Vacancy.Contract.PERMANENT,
            "pattern": Vacancy.Pattern.FLEXIBLE,
            "hours_per_week": Decimal("37.5"),
            "afc_band": "3",
            "pay_period": Vacancy.PayPeriod.YEAR,
            "new_to_care_welcome": True,
            "driving_required": True,
            "summary": "Deliver home care in Northumberland on Agenda for Change terms: NHS pension and leave.",
            "benefits": ["nhs_pension", "nhs_discounts", "mileage", "paid_training", "paid_dbs"],
            "own_vehicle_required": True,
            "covers_area": True,
            "area_description": "Northumberland",
            "apply_method": Vacancy.ApplyMethod.EXTERNAL,
            "external_url": "https://www.jobs.nhs.uk/",
            "closing_date": today + timedelta(days=30),
            "status": Vacancy.Status.LIVE,
            "published_at": timezone.now(),
        },
    )
    site_name, address, postcode, code = NHS_SITE
    vacancy.locations.set([_location(trust, site_name, postcode, code, "home_care", address=address)])
    refresh_vacancies(Vacancy.objects.values_list("pk", flat=True))
    stdout.write(
        f"Organisations: {Organisation.objects.count()}, live vacancies: "
        f"{Vacancy.objects.filter(status=Vacancy.Status.LIVE).count()}"
    )


def _location(
    org: Organisation, name: str, postcode: str, code: str, setting: str, *, address: str = ""
) -> Location:
    """The organisation's place called `name`, at its own postcode's position."""
    la = LocalAuthority.objects.get(ons_code=code)
    try:
        place = lookup(postcode)
    except PostcodeError as error:
        raise CommandError(f"The demo's postcode {postcode} ({name}) is not in the reference data") from error
    location, _ = Location.objects.update_or_create(
        organisation=org,
        name=name,
        defaults={
            "address": address,
            "postcode": postcode,
            "town": la.name,
            "local_authority": la,
            "latitude": place.latitude,
            "longitude": place.longitude,
            "service_types": [setting],
        },
    )
    return location


def _provider(name, kind, code, postcode, setting, description) -> tuple[Organisation, Location]:
    org, _ = Organisation.objects.update_or_create(
        slug=slugify(name),
        defaults={"name": name, "kind": kind, "verified": True, "description": description},
    )
    org.areas_served.add(LocalAuthority.objects.get(ons_code=code))
    return org, _location(org, name, postcode, code, setting)


def _vacancy(spec: tuple, org: Organisation, location: Location, *, index: int) -> Vacancy:
    title, role_slug, setting, contract, pattern, hours, low, high, period, new_to_care, driving = spec
    today = timezone.localdate()
    vacancy, _ = Vacancy.objects.update_or_create(
        slug=slugify(f"{title} {org.name}"),
        defaults={
            "organisation": org,
            "title": title,
            "role": Role.objects.filter(slug=role_slug).first(),
            "setting": setting,
            "contract": contract,
            "pattern": pattern,
            "hours_per_week": Decimal(str(hours)),
            "pay_min": Decimal(low),
            "pay_max": Decimal(high),
            "pay_period": period,
            "new_to_care_welcome": new_to_care,
            "driving_required": driving,
            "summary": f"Join {org.name} as a {title.lower()}. Full training given.",
            "description": (
                f"{org.description}\n\nYou will support people with personal care, meals, medication "
                "and staying connected with the people and places that matter to them. We give full "
                "paid training, including the Care Certificate, and a mentor for your first shifts."
            ),
            "benefits": ["paid_training", "paid_dbs", "pension", "uniform"]
            + (["mileage"] if driving else []),
            "own_vehicle_required": driving,
            "covers_area": setting == "home_care",
            "area_description": f"{org.areas_served.first()} and nearby" if setting == "home_care" else "",
            "experience": Vacancy.Experience.NONE if new_to_care else Vacancy.Experience.ONE_YEAR,
            "qualification": (
                Vacancy.Qualification.REGISTERED
                if role_slug == "registered-nurse"
                else Vacancy.Qualification.NONE
                if new_to_care
                else Vacancy.Qualification.LEVEL_3
            ),
            "closing_date": today + timedelta(days=21 + index),
            "status": Vacancy.Status.LIVE,
            "published_at": timezone.now() - timedelta(days=index),
        },
    )
    vacancy.locations.set([location])
    return vacancy


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
DEMO_APPLICANTS = [
    ("Amira", "Begum", "applied", 2.1, []),
    ("Tom", "Hewitt", "applied", 11.4, ["Does not drive"]),
    ("Grace", "Okafor", "screening", 4.8, []),
    ("Liam", "Forster", "shortlisted", 3.2, []),
    ("Chloe", "Dunn", "interview", 1.5, []),
    ("Marek", "Nowak", "offer", 6.0, []),
    ("Jess", "Carr", "rejected", 18.9, ["Not available weekends"]),
]
# A busy week's new applicants for the home care post, so the demo shows a manager shortlisting a
# long list (filters, knock-out flags, bulk moves), not a handful.
MORE_FIRST = ["Sophie", "Jack", "Ellie", "Harry", "Olivia", "Noah", "Amelia", "Oscar", "Mia", "Leo", "Ava", "Ethan",
              "Isla", "Jacob", "Lily", "Aidan", "Freya", "Kacper", "Zara", "Daniel", "Niamh", "Callum", "Hannah",
              "Yusuf", "Ruby", "Connor", "Priya", "Adam", "Megan", "Owen", "Aisha", "Reece", "Holly", "Samuel",
              "Nadia", "Kyle"]  # fmt: skip
MORE_LAST = ["Robson", "Charlton", "Milburn", "Armstrong", "Patel", "Wilson", "Thompson", "Ahmed", "Scott", "Bell",
             "Kowalski", "Reed", "Hall", "Taylor", "Brown", "Hussain", "Young", "Walker", "Ridley", "Graham"]  # fmt: skip
MORE_FLAGS = [[], [], [], [], ["Does not drive"], ["Not available weekends"], ["Wants fewer hours"]]


def seed_recruitment(stdout) -> None:
    """Interview slots and applications at every stage of the pipeline (run after seed_staff)."""

    provider = Organisation.objects.filter(slug="tyne-valley-home-care").first()
    if provider is None:
        return
    vacancies = list(provider.vacancies.order_by("title"))
    if not vacancies:
        return
    vacancy = vacancies[0]
    if len(vacancies) > 1:
        Vacancy.objects.filter(pk=vacancies[1].pk).update(anonymised_shortlisting=True)
    for n, name in enumerate(DEFAULT_CRITERIA):
        for v in vacancies:
            RatingCriterion.objects.get_or_create(vacancy=v, name=name, defaults={"sort_order": n})
    start = (timezone.now() + timedelta(days=3)).replace(hour=10, minute=0, second=0, microsecond=0)
    for day in range(3):
        InterviewSlot.objects.get_or_create(
            vacancy=vacancy,
            starts_at=start + timedelta(days=day),
            defaults={"place": "Tyne Valley Home Care, NE1 4ST", "capacity": 2},
        )
    recruiter = User.objects.filter(email=DEMO_STAFF[0][0]).first()
    stages = ["applied", "screening", "shortlisted", "interview", "offer", "checks", "hired"]
    for index, (first, last, stage, distance, flags) in enumerate(DEMO_APPLICANTS):
        target = vacancies[index % len(vacancies)]
        email = f"{first.lower()}.{last.lower()}@applicant.example"
        candidate = User.objects.filter(email=email).first() or User.objects.create_user(
            email=email, first_name=first, last_name=last
        )
        applied_at = timezone.now() - timedelta(days=9 - index)
        application, created = Application.objects.get_or_create(
            vacancy=target,
            candidate=candidate,
            defaults={
                "stage": stage,
                "applied_at": applied_at,
                f"{stage}_at": timezone.now(),
                "distance_miles": distance,
                "knockout_flags": flags,
                "snapshot": {
                    "name": f"{first} {last}",
                    "email": email,
                    "phone": f"07700 900{index:03d}",
                    "postcode": "NE1 4ST",
                    "answers": {
                        "statement": {
                            "personal_statement": "New to care" if index % 2 else "Two years as a home carer"
                        }
                    },
                },
            },
        )
        if not created:
            continue
        path = stages[: stages.index(stage) + 1] if stage in stages else ["applied", stage]
        for before, after in pairwise(path):
            ApplicationEvent.objects.create(
                application=application, from_stage=before, to_stage=after, actor=recruiter
            )
        if stage == "offer":
            Offer.objects.create(
                application=application,
                made_by=recruiter,
                start_date=timezone.localdate() + timedelta(days=30),
            )
            for kind in CheckItem.Kind:
                CheckItem.objects.create(
                    application=application, kind=kind, due_date=timezone.localdate() + timedelta(days=14)
                )
    _seed_busy_week(vacancy)
    stdout.write(f"Recruiter portal: /recruit/, {Application.objects.count()} demo applications")


def _seed_busy_week(vacancy: Vacancy) -> None:
    """36 new applications from the last week, in the applied stage (the same every time)."""
    import random

    rng = random.Random(2026)  # nosec B311  # demo data, not security
    for index, first in enumerate(MORE_FIRST):
        last = MORE_LAST[index % len(MORE_LAST)]
        email = f"{first.lower()}.{last.lower()}.{index}@applicant.example"
        candidate = User.objects.filter(email=email).first() or User.objects.create_user(
            email=email, first_name=first, last_name=last
        )
        Application.objects.get_or_create(
            vacancy=vacancy,
            candidate=candidate,
            defaults={
                "stage": "applied",
                "applied_at": timezone.now() - timedelta(hours=rng.randint(1, 7 * 24)),
                "distance_miles": round(rng.uniform(0.4, 16), 1),
                "knockout_flags": rng.choice(MORE_FLAGS),
                "snapshot": {
                    "name": f"{first} {last}",
                    "email": email,
                    "phone": f"07700 901{index:03d}",
                    "postcode": "NE1 4ST",
                    "answers": {
                        "statement": {
                            "personal_statement": rng.choice(
                                ["New to care", "Cared for a family member", "A year in a care home"]
                            )
                        }
                    },
                },
            },
        )


# Default routing rules (issue 6). Editable by regional admins in the Wagtail admin afterwards:
# seeding only creates missing rules, so later edits are kept.
DEFAULT_RULES: list[dict] = [
    {
        "name": "Under 18: their home council's care academy",
        "order": 5,
        "age": "under_18",
        "area": "in_region",
        "action": "home_academy",
        "explanation": "Most care jobs start at 18. Until then the academy can talk to them about "
        "college courses, apprenticeships and volunteering.",
    },
    {
        "name": "Interested in the NHS: the nearest NHS trust with Agenda for Change posts",
        "order": 10,
        "age": "18_plus",
        "nhs_interest": "yes",
        "action": "nhs_trust",
        "nearest_n": 1,
        "explanation": "They asked about NHS jobs, so they go to the trust's posts first.",
    },
    {
        "name": "Experienced: matching providers within their travel distance",
        "order": 20,
        "age": "18_plus",
        "experience": ["some", "experienced"],
        "action": "nearest_providers",
        "within_travel_distance": True,
        "nearest_n": 3,
        "capacity_per_week": 15,
        "explanation": "They have care experience and a provider near them is hiring for what they want.",
    },
    {
        "name": "Council not known (district-only postcode on a border): the nearest care academy",
        "order": 30,
        "age": "18_plus",
        "area": "border",
        "action": "nearest_academy",
        "explanation": "Only their postcode district is known and it is split between councils, so "
        "distance decides.",
    },
    {
        "name": "New to care: their home council's care academy",
        "order": 40,
        "age": "18_plus",
        "experience": ["none"],
        "area": "in_region",
        "action": "home_academy",
        "explanation": "Academies train people new to care and guarantee an interview.",
    },
    {
        "name": "Everyone else in the region: their home council's care academy",
        "order": 80,
        "area": "in_region",
        "action": "home_academy",
        "explanation": "Academies are funded by their council to help the people who live there.",
    },
    {
        "name": "Everyone else in the region, home academy full: the nearest care academy with room",
        "order": 90,
        "area": "in_region",
        "action": "nearest_academy",
        "explanation": "Their home academy is full this week, so the nearest one with room takes them.",
    },
    # No default rule takes people who live outside the 12 councils: their enquiry stays unrouted,
    # in the regional admins' "Unrouted enquiries" list, and they are told what they can do.
]
ACADEMY_WEEKLY_CAPACITY = 25
# Defaults replaced in session 13 (issue 21.6): seeding again turns each into its successor, unless
# an admin has edited it (then it is theirs to change) or the successor exists already.
RETIRED_RULES: dict[str, tuple[dict, str]] = {
    "Near a council border: the nearest care academy with room": (
        {"area": "border", "action": "nearest_academy", "experience": ["none"]},
        "Council not known (district-only postcode on a border): the nearest care academy",
    ),
    "Everyone else: the nearest care academy with room": (
        {"area": "any", "action": "nearest_academy", "experience": []},
        "Everyone else in the region, home academy full: the nearest care academy with room",
    ),
}


def _retire_old_rules() -> int:

    specs = {spec["name"]: spec for spec in DEFAULT_RULES}
    retired = 0
    for old_name, (old_values, new_name) in RETIRED_RULES.items():
        rule = RoutingRule.objects.filter(name=old_name, **old_values).first()
        if rule is None or RoutingRule.objects.filter(name=new_name).exists():
            continue
        spec = {"experience": [], **specs[new_name]}
        for field, value in spec.items():
            setattr(rule, field, value)
        rule.save()
        retired += 1
    return retired


def seed_routing(stdout) -> None:
    """Default routing rules, academy capacities and a course per academy. Idempotent."""

    created = 0
    _retire_old_rules()
    for spec in DEFAULT_RULES:
        _, was_created = RoutingRule.objects.get_or_create(name=spec["name"], defaults=spec)
        created += was_created
    today = timezone.localdate()
    for academy in Organisation.objects.filter(kind=Organisation.Kind.ACADEMY).select_related(
        "local_authority"
    ):
        RoutingCapacity.objects.get_or_create(
            organisation=academy, defaults={"per_week": ACADEMY_WEEKLY_CAPACITY}
        )
        starts = today + timedelta(days=14 - today.weekday())
        Cohort.objects.get_or_create(
            academy=academy,
            course="Care Certificate pre-employment programme",
            starts_on=starts,
            defaults={
                "ends_on": starts + timedelta(days=11),
                "venue": f"{academy.local_authority.name if academy.local_authority else academy.name} "
                "Civic Centre",
                "capacity": 12,
            },
        )
    # NHS posts are placed at the trust's headquarters so distance can be measured.
    for vacancy in Vacancy.objects.filter(organisation__kind=Organisation.Kind.NHS_TRUST, locations=None):
        headquarters = vacancy.organisation.locations.exclude(latitude=None).first()
        if headquarters:
            vacancy.locations.add(headquarters)

    holidays_added, _ = load_bank_holidays()
    stdout.write(
        f"Routing rules: {RoutingRule.objects.count()} ({created} new); academy courses seeded; "
        f"{holidays_added} bank holidays added"
    )
