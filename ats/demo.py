"""Demo organisations and vacancies. Fictional employers; real councils, trusts and AfC pay."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from itertools import pairwise

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from ats.models import JobSearchPage, LocalAuthority, Location, Organisation, Role, ScreeningQuestion, Vacancy
from ats.services.reference_data import load_all, load_builtin
from ats.services.vacancies import refresh_vacancies

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


def seed_reference_data(stdout, *, postcodes: bool = True) -> None:
    directory = settings.REFERENCE_DATA_DIR
    if directory.is_dir():
        counts = load_all(directory, postcodes=postcodes)
        stdout.write("Reference data: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    else:
        load_builtin()
        stdout.write(f"{directory} not found: loaded the built-in councils and districts only.")


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
    providers = []
    for name, kind, code, postcode, setting, description in DEMO_PROVIDERS:
        la = LocalAuthority.objects.get(ons_code=code)
        org, _ = Organisation.objects.update_or_create(
            slug=slugify(name),
            defaults={"name": name, "kind": kind, "verified": True, "description": description},
        )
        org.areas_served.add(la)
        district = la.districts.order_by("outcode").first()
        location, _ = Location.objects.update_or_create(
            organisation=org,
            name=name,
            defaults={
                "postcode": postcode,
                "town": la.name,
                "local_authority": la,
                "latitude": district.latitude if district else la.latitude,
                "longitude": district.longitude if district else la.longitude,
                "service_types": [setting],
            },
        )
        providers.append((org, location))

    for index, spec in enumerate(DEMO_VACANCIES):
        title, role_slug, setting, contract, pattern, hours, low, high, period, new_to_care, driving = spec
        org, location = providers[index % len(providers)]
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
                "area_description": f"{org.areas_served.first()} and nearby"
                if setting == "home_care"
                else "",
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
        if index == 0:
            ScreeningQuestion.objects.get_or_create(
                vacancy=vacancy,
                text="Do you have the right to work in the UK?",
                defaults={"kind": ScreeningQuestion.Kind.YES_NO, "knockout_answer": "no"},
            )

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
    vacancy.locations.set(trust.locations.all()[:1])
    refresh_vacancies(Vacancy.objects.values_list("pk", flat=True))
    stdout.write(
        f"Organisations: {Organisation.objects.count()}, live vacancies: "
        f"{Vacancy.objects.filter(status=Vacancy.Status.LIVE).count()}"
    )


# Demo people of the recruiter portal: (email, first, last, organisation slug or academy council, role)
DEMO_STAFF = [
    ("recruiter@tynevalley.example", "Rita", "Robson", "tyne-valley-home-care", "admin"),
    ("coordinator@newcastle-academy.example", "Cora", "Charlton", "E08000021", "coordinator"),
]
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


def _demo_credentials(path) -> dict[str, tuple[str, str]]:
    """email -> (password, TOTP secret), kept in a file beside .demo-admin so reseeding is stable."""
    saved: dict[str, tuple[str, str]] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            parts = line.split(" / ")
            if len(parts) == 3:
                saved[parts[0]] = (parts[1], parts[2])
    return saved


def seed_recruitment(stdout) -> None:
    """Demo recruiter accounts (with an authenticator secret, since the portal requires MFA), slots
    and applications at every stage of the pipeline."""
    import secrets
    from pathlib import Path

    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from ats.models import (
        Application,
        ApplicationEvent,
        CheckItem,
        InterviewSlot,
        Membership,
        Offer,
        RatingCriterion,
    )
    from ats.services.publishing import DEFAULT_CRITERIA
    from cms.models import User

    credentials_file = Path(settings.BASE_DIR) / ".demo-recruiters"
    saved = _demo_credentials(credentials_file)
    lines = []
    for email, first, last, org_key, role in DEMO_STAFF:
        organisation = (
            Organisation.objects.filter(slug=org_key).first()
            or Organisation.objects.filter(
                kind=Organisation.Kind.ACADEMY, local_authority__ons_code=org_key
            ).first()
        )
        if organisation is None:
            continue
        password, secret = saved.get(email, (secrets.token_urlsafe(12), generate_totp_secret()))
        user = User.objects.filter(email=email).first() or User(email=email, first_name=first, last_name=last)
        user.set_password(password)
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        Membership.objects.update_or_create(user=user, organisation=organisation, defaults={"role": role})
        Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
        TOTP.activate(user, secret)
        lines.append(f"{email} / {password} / {secret}")
        stdout.write(
            f"Demo {role} at {organisation.name}: {email} / {password}\n"
            f"  Sign-in asks for an authenticator code: add this secret to your authenticator app "
            f"(Google Authenticator, Microsoft Authenticator, 1Password...): {secret}\n"
            f"  or scan otpauth://totp/CareCareersNE:{email}?secret={secret}&issuer=CareCareersNE"
        )
    credentials_file.write_text("\n".join(lines) + "\n")

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

    from ats.models import Application
    from cms.models import User

    rng = random.Random(2026)  # nosec B311: demo data, not security
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


def seed_pages(stdout) -> None:
    """The job search page under the home page, at /jobs/ (run after the campaign site exists)."""
    from campaign.models import HomePage

    home = HomePage.objects.first()
    if home is None or JobSearchPage.objects.exists():
        return
    page = JobSearchPage(
        title="Find a care job",
        slug="jobs",
        intro="<p>Search care jobs across the North East. Many employers welcome people new to care.</p>",
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    stdout.write("Job search page at /jobs/")


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
        "name": "Near a council border: the nearest care academy with room",
        "order": 30,
        "age": "18_plus",
        "experience": ["none"],
        "area": "border",
        "action": "nearest_academy",
        "explanation": "Their postcode district is split between councils, so distance decides.",
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
        "name": "Everyone else: the nearest care academy with room",
        "order": 90,
        "action": "nearest_academy",
        "explanation": "No other rule found someone, or their home academy is full this week.",
    },
]
ACADEMY_WEEKLY_CAPACITY = 25


def seed_routing(stdout) -> None:
    """Default routing rules, academy capacities and a course per academy. Idempotent."""
    from ats.models import Cohort, RoutingCapacity, RoutingRule

    created = 0
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
    from ats.services.bank_holidays import load_bank_holidays

    holidays_added, _ = load_bank_holidays()
    stdout.write(
        f"Routing rules: {RoutingRule.objects.count()} ({created} new); academy courses seeded; "
        f"{holidays_added} bank holidays added"
    )
