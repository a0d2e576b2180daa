"""manage.py seed_scale --vacancies 50000 --organisations 10000 [--alerts 0]

Realistic volume for the benchmarks in bench/: employers, sites at real North East postcodes, and
vacancies spread over the region, roles, settings, pay and dates. Everything it makes is marked
(slugs start with 'scale-') and is replaced on the next run. Load reference data first."""

from __future__ import annotations

import random
import sys
import time
from datetime import timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from ats.alerts.models import JobAlert
from ats.jobs.models import Role, Vacancy, VacancyPoint
from ats.jobs.pay import afc_ranges, derived_pay
from ats.jobs.vacancies import update_search_vectors
from ats.organisations.models import Location, Organisation
from ats.places.models import LocalAuthority, Postcode, PostcodeDistrict

PREFIX = "scale-"
BATCH = 5000
TITLES = {
    "care-worker": ["Care assistant", "Care worker", "Night care assistant", "Residential care worker"],
    "home-care-worker": ["Home care worker", "Community carer", "Domiciliary care worker"],
    "senior-care-worker": ["Senior care worker", "Senior carer (nights)", "Team leader"],
    "support-worker": [
        "Support worker",
        "Learning disability support worker",
        "Mental health support worker",
    ],
    "registered-nurse": ["Registered nurse", "Nurse (RGN/RMN)", "Clinical lead nurse"],
    "registered-manager": ["Registered manager", "Deputy manager"],
    "activities-coordinator": ["Activities coordinator", "Wellbeing coordinator"],
    "healthcare-support-worker": ["Healthcare support worker", "Healthcare assistant"],
    "care-apprentice": ["Care apprentice", "Apprentice support worker"],
}
PAY = {  # hourly min range by role
    "care-worker": (12.21, 13.2), "home-care-worker": (12.3, 13.8), "senior-care-worker": (13.0, 14.8),
    "support-worker": (12.21, 13.5), "registered-nurse": (20.0, 25.0), "registered-manager": (18.0, 24.0),
    "activities-coordinator": (12.21, 13.0), "healthcare-support-worker": (12.5, 13.5),
    "care-apprentice": (7.55, 12.21),
}  # fmt: skip
WORDS = ["caring", "friendly", "training", "dementia", "learning disabilities", "mental health", "nights",
         "weekends", "mileage", "pension", "flexible", "team", "residents", "community", "respite"]  # fmt: skip
NAMES_A = ["Tyne", "Wear", "Tees", "Durham", "Cheviot", "Coquet", "Derwent", "Allen", "Wansbeck", "Heworth",
           "Riverside", "Oakwood", "Meadow", "Hillcrest", "Harbour", "Northern", "Bright", "Willow"]  # fmt: skip
NAMES_B = [
    "Care",
    "Home Care",
    "Support",
    "Lodge",
    "Court",
    "House",
    "Living",
    "Healthcare",
    "Community Care",
]


class Command(BaseCommand):
    help = "Make realistic volume (employers, sites, vacancies; optionally alerts) for the benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--vacancies", type=int, default=50000)
        parser.add_argument("--organisations", type=int, default=10000)
        parser.add_argument("--alerts", type=int, default=0, help="Also make this many confirmed job alerts")
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args, **options):
        rng = random.Random(options["seed"])  # noqa: S311 (repeatable fake data)
        points = list(
            Postcode.objects.exclude(latitude=None).values_list(
                "postcode", "latitude", "longitude", "la_code"
            )[:200000]
        )
        if not points:
            points = [
                (d.outcode, d.latitude, d.longitude, d.la_code)
                for d in PostcodeDistrict.objects.exclude(latitude=None).filter(
                    local_authority__in_region=True
                )
            ]
        if not points:
            raise CommandError("No postcodes loaded: run manage.py load_reference_data first.")
        councils = {la.ons_code: la for la in LocalAuthority.objects.all()}
        points = [p for p in points if p[3] in councils and councils[p[3]].in_region] or points
        roles = {role.slug: role for role in Role.objects.all()}
        if not roles:
            raise CommandError("No job roles: run manage.py load_reference_data first.")
        started = time.monotonic()
        with transaction.atomic():
            self._clear()
            organisations, locations = self._organisations(rng, options["organisations"], points, councils)
            count = self._vacancies(rng, options["vacancies"], organisations, locations, roles)
            if options["alerts"]:
                self._alerts(rng, options["alerts"], points, roles)
        update_search_vectors()
        if connection.vendor == "postgresql":
            # Fresh statistics (or the planner guesses 30 rows) and a visibility map, so the point
            # and sort indexes are read index-only, as they are once autovacuum has been round.
            with connection.cursor() as cursor:
                for table in [
                    "ats_vacancy",
                    "ats_location",
                    "ats_organisation",
                    "ats_vacancy_locations",
                    "ats_vacancypoint",
                    "ats_jobalert",
                ]:
                    # VACUUM cannot run inside a transaction (a test's, for one): ANALYZE there.
                    vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
                    cursor.execute(f"{vacuum} {table}")
        self.stdout.write(
            f"Made {len(organisations):,} employers, {sum(len(v) for v in locations.values()):,} sites and "
            f"{count:,} vacancies in {time.monotonic() - started:.0f} s."
        )

    def _clear(self) -> None:
        JobAlert.objects.filter(email__endswith="@scale.invalid").delete()
        Vacancy.objects.filter(slug__startswith=PREFIX).delete()
        Location.objects.filter(organisation__slug__startswith=PREFIX).delete()
        Organisation.objects.filter(slug__startswith=PREFIX).delete()

    def _organisations(self, rng, count, points, councils):
        kinds = [Organisation.Kind.PROVIDER] * 80 + [Organisation.Kind.VOLUNTARY] * 12
        kinds += [Organisation.Kind.COUNCIL_SERVICE] * 6 + [Organisation.Kind.NHS_TRUST] * 2
        rows = [
            Organisation(
                name=f"{rng.choice(NAMES_A)} {rng.choice(NAMES_B)} {n}",
                slug=f"{PREFIX}employer-{n}",
                kind=rng.choice(kinds),
                verified=rng.random() < 0.9,
                description="A local care employer.",
            )
            for n in range(count)
        ]
        organisations = Organisation.objects.bulk_create(rows, batch_size=BATCH)
        sites = []
        for organisation in organisations:
            for index in range(rng.choice([1, 1, 1, 2, 3])):
                postcode, lat, lon, code = rng.choice(points)
                sites.append(
                    Location(
                        organisation=organisation,
                        name=f"Site {index + 1}",
                        postcode=postcode,
                        latitude=lat,
                        longitude=lon,
                        local_authority=councils.get(code),
                        town=councils[code].name if code in councils else "",
                    )
                )
        sites = Location.objects.bulk_create(sites, batch_size=BATCH)
        by_org: dict[int, list[Location]] = {}
        for site in sites:
            by_org.setdefault(site.organisation_id, []).append(site)
        self._progress("employers", count, count)
        return organisations, by_org

    def _vacancies(self, rng, count, organisations, locations, roles) -> int:
        ranges = afc_ranges()
        now = timezone.now()
        today = timezone.localdate()
        slugs = [s for s in TITLES if s in roles] or list(roles)
        Through = Vacancy.locations.through
        made = 0
        while made < count:
            batch, links = [], []
            for n in range(made, min(made + BATCH, count)):
                organisation = rng.choice(organisations)
                sites = locations[organisation.pk]
                # A third of the jobs at multi-site employers are advertised at every site.
                chosen = sites if len(sites) > 1 and rng.random() < 0.33 else [rng.choice(sites)]
                site = chosen[0]
                where = list(dict.fromkeys((s.latitude, s.longitude) for s in chosen))  # its points
                slug = rng.choice(slugs)
                title = rng.choice(TITLES.get(slug, [roles[slug].name]))
                nhs = organisation.kind == Organisation.Kind.NHS_TRUST
                low = Decimal(str(round(rng.uniform(*PAY.get(slug, (12.21, 14))), 2)))
                status = rng.choices(["live", "closed", "filled", "draft"], [85, 8, 4, 3])[0]
                vacancy = Vacancy(
                    organisation=organisation,
                    title=title,
                    slug=f"{PREFIX}{n}",
                    role=roles[slug],
                    setting=rng.choice(Vacancy.Setting.values),
                    contract=rng.choices(Vacancy.Contract.values, [70, 10, 12, 8])[0],
                    pattern=rng.choice(Vacancy.Pattern.values),
                    hours_per_week=Decimal(rng.choice(["16", "20", "24", "30", "36", "37.5", "40"])),
                    pay_min=None if nhs or rng.random() < 0.1 else low,
                    pay_max=None if nhs else low + Decimal(rng.choice(["0", "0.40", "0.80", "1.50"])),
                    afc_band=rng.choice(["2", "3", "4", "5"]) if nhs else "",
                    summary=f"{title} with {organisation.name}: " + ", ".join(rng.sample(WORDS, 3)) + ".",
                    description=" ".join(rng.sample(WORDS, 8)),
                    new_to_care_welcome=rng.random() < 0.5,
                    driving_required=rng.random() < 0.3,
                    visa_sponsorship=rng.random() < 0.1,
                    status=status,
                    published_at=None
                    if status == "draft"
                    else now - timedelta(minutes=rng.randint(0, 60 * 24 * 40)),
                    closing_date=today + timedelta(days=rng.randint(-5, 40)) if rng.random() < 0.95 else None,
                    point_count=len(where),
                    **{
                        column: value
                        for point, place in zip(Vacancy.ROW_POINTS, where, strict=False)
                        for column, value in zip(point, place, strict=True)
                    },
                    local_authority_id=site.local_authority_id,
                    organisation_kind=organisation.kind,
                    search_text=f"{roles[slug].name} {organisation.name} {site.town} {site.postcode}",
                )
                (
                    vacancy.hourly_pay_min,
                    vacancy.hourly_pay_max,
                    vacancy.annual_pay_min,
                    vacancy.annual_pay_max,
                    vacancy.pay_year,
                ) = derived_pay(vacancy, ranges)
                batch.append(vacancy)
                links.append(chosen)
            created = Vacancy.objects.bulk_create(batch, batch_size=BATCH)
            Through.objects.bulk_create(
                [
                    Through(vacancy_id=v.pk, location_id=site.pk)
                    for v, sites in zip(created, links, strict=True)
                    for site in sites
                ],
                batch_size=BATCH,
            )
            VacancyPoint.objects.bulk_create(
                [
                    VacancyPoint(vacancy_id=v.pk, latitude=lat, longitude=lon)
                    for v, sites in zip(created, links, strict=True)
                    for lat, lon in dict.fromkeys((site.latitude, site.longitude) for site in sites)
                ],
                batch_size=BATCH,
            )
            made += len(batch)
            self._progress("vacancies", made, count)
        return made

    def _alerts(self, rng, count, points, roles) -> None:
        now = timezone.now()
        role_ids = [r.pk for r in roles.values()]
        rows = []
        for n in range(count):
            _, lat, lon, _ = rng.choice(points)
            radius = rng.choice([5, 10, 10, 15, 20, 30])
            criteria: dict = {"radius": radius}
            if rng.random() < 0.5:
                criteria["role_ids"] = rng.sample(role_ids, 2)
            if rng.random() < 0.3:
                criteria["q"] = rng.choice(["care", "support", "nights", "dementia"])
            if rng.random() < 0.3:
                criteria["no_driving"] = True
            rows.append(
                JobAlert(
                    email=f"alert{n}@scale.invalid",
                    criteria=criteria,
                    description="Scale test alert",
                    frequency=rng.choice(["daily", "daily", "weekly"]),
                    latitude=lat if rng.random() < 0.85 else None,
                    longitude=lon,
                    radius_miles=radius,
                    confirmed_at=now - timedelta(days=10),
                    last_sent_at=now - timedelta(days=rng.choice([1, 7])),
                )
            )
        for row in rows:
            if row.latitude is None:
                row.longitude = row.radius_miles = None
        JobAlert.objects.bulk_create(rows, batch_size=BATCH)
        self._progress("alerts", count, count)

    def _progress(self, label: str, done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        line = f"\r{label:<10} [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}"
        if self.stdout.isatty():
            sys.stdout.write(line + ("\n" if done >= total else ""))
            sys.stdout.flush()
        elif done >= total:
            self.stdout.write(line.strip())
