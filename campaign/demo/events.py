"""Demo events (with registrations) and academies."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from ats.models import LocalAuthority, Organisation
from campaign.demo.pages import block, child_page, paragraph
from campaign.models import (
    AcademyIndexPage,
    AcademyPage,
    EventIndexPage,
    EventPage,
    EventRegistration,
)


def _events(home, images) -> EventIndexPage:
    index = child_page(
        home,
        EventIndexPage,
        "events",
        title="Events",
        intro="<p>Meet employers, ask questions and find out about training at a job fair or open day.</p>",
        search_description="Care job fairs, open days and care academy information sessions in the North East.",
    )
    today = timezone.localdate()
    tz = timezone.get_current_timezone()

    def at(days: int, hour: int) -> datetime:
        return datetime.combine(today + timedelta(days=days), time(hour), tzinfo=tz)

    specs = [
        (
            "newcastle-care-jobs-fair",
            "Newcastle care jobs fair",
            EventPage.Kind.JOB_FAIR,
            9,
            10,
            "E08000021",
            "Civic Centre, Barras Bridge",
            "NE1 8QH",
            200,
        ),
        (
            "sunderland-academy-info",
            "Sunderland Care Academy information session",
            EventPage.Kind.INFO_SESSION,
            5,
            18,
            "E08000024",
            "City Hall, Plater Way",
            "SR1 3AA",
            30,
        ),
        (
            "durham-open-day",
            "Durham Dales Nursing open day",
            EventPage.Kind.OPEN_DAY,
            14,
            11,
            "E06000047",
            "Durham Dales Nursing",
            "DH1 1SQ",
            40,
        ),
        (
            "online-is-care-for-me",
            "Is care for me? Online session",
            EventPage.Kind.ONLINE,
            3,
            19,
            None,
            "",
            "",
            None,
        ),
        (
            "teesside-jobs-fair",
            "Teesside care jobs fair",
            EventPage.Kind.JOB_FAIR,
            21,
            10,
            "E06000002",
            "Middlesbrough Town Hall",
            "TS1 2QQ",
            2,
        ),
        (
            "gateshead-spring-fair",
            "Gateshead care jobs fair",
            EventPage.Kind.JOB_FAIR,
            -20,
            10,
            "E08000037",
            "Gateshead Civic Centre",
            "NE8 1HH",
            150,
        ),
    ]
    for slug, title, kind, days, hour, la_code, venue, postcode, capacity in specs:
        event = child_page(
            index,
            EventPage,
            slug,
            title=title,
            kind=kind,
            summary=f"{title}: meet local employers and the care academy, and find a job that fits your life.",
            search_description=f"{title}. Free, drop in or register for a place.",
            image=images["event"],
            start=at(days, hour),
            end=at(days, hour) + timedelta(hours=3 if kind != EventPage.Kind.ONLINE else 1),
            venue_name=venue,
            address=venue,
            postcode=postcode,
            online_url="https://meet.example.org/is-care-for-me" if kind == EventPage.Kind.ONLINE else "",
            local_authority=LocalAuthority.objects.filter(ons_code=la_code).first() if la_code else None,
            capacity=capacity,
            body=[paragraph("<p>Bring a friend. No CV needed: just come and talk to us.</p>")],
        )
        if slug == "teesside-jobs-fair":  # a full event, to show how it looks
            for n in range(2):
                EventRegistration.objects.get_or_create(
                    event=event, email=f"demo{n}@example.org", defaults={"name": f"Demo person {n}"}
                )
    return index


def _academies(home, images) -> AcademyIndexPage:
    index = child_page(
        home,
        AcademyIndexPage,
        "care-academies",
        title="Care academies",
        intro=(
            "<p>Every North East council has a care academy. If you're new to care, it trains you for free: "
            "the Care Certificate, a paid DBS check and a guaranteed interview.</p>"
        ),
        search_description="Free training for people new to care from your council's care academy.",
    )
    today = timezone.localdate()
    for org in Organisation.objects.filter(kind=Organisation.Kind.ACADEMY).select_related("local_authority"):
        la = org.local_authority
        child_page(
            index,
            AcademyPage,
            org.slug,
            title=org.name,
            organisation=org,
            intro=f"New to care in {la.name}? Train for free and get a guaranteed interview with a local employer.",
            search_description=f"{org.name}: free care training for people new to care in {la.name}.",
            image=images["academy"],
            programme=(
                "<p>Our two-week programme covers the Care Certificate standards, moving and handling, "
                "first aid and safeguarding. We pay for your DBS check and uniform.</p>"
                "<ul><li>No experience needed</li><li>Daytime and evening groups</li>"
                "<li>A guaranteed interview at the end</li></ul>"
            ),
            cohorts=[
                block(
                    "cohort",
                    {
                        "name": f"Care Certificate – starts {(today + timedelta(days=d)).strftime('%B')}",
                        "start_date": (today + timedelta(days=d)).isoformat(),
                        "end_date": (today + timedelta(days=d + 11)).isoformat(),
                        "venue": f"{la.name} Civic Centre",
                        "places": f"{12 - d // 10} places left",
                    },
                )
                for d in (14, 42)
            ],
        )
    return index
