"""Demo employers and their jobs: fictional providers and local employers at real councils' postcodes, an NHS trust
with AfC pay; and the reference data (councils, postcodes) they stand on."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.text import slugify

from ats.jobs.models import Role, ScreeningQuestion, Vacancy
from ats.jobs.vacancies import refresh_vacancies
from ats.organisations.models import Location, Organisation
from ats.places.models import LocalAuthority
from ats.places.postcodes import PostcodeError, lookup
from ats.places.reference_data import Progress, load_all

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
