"""Demo applications through the pipeline: applicants at every stage, interviews, offers and checks, and a
busy week for one vacancy."""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise

from django.utils import timezone

from ats.applications.models import Application, ApplicationEvent
from ats.demo.accounts import DEMO_STAFF
from ats.jobs.models import Vacancy
from ats.jobs.vacancies import DEFAULT_CRITERIA
from ats.organisations.models import Organisation
from ats.pipeline.models import CheckItem, InterviewSlot, Offer, RatingCriterion
from cms.models import User

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
