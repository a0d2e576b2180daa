"""A small campaign site: one of every page type, an image, live vacancies."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from io import BytesIO
from types import SimpleNamespace

import pytest
from PIL import Image

from django.core.cache import cache
from django.core.files.images import ImageFile
from django.utils import timezone

from ats.models import LocalAuthority, Organisation, Role
from campaign.models import (
    AcademyIndexPage,
    AcademyPage,
    AreaIndexPage,
    AreaPage,
    ArticlePage,
    CampaignLandingPage,
    ContactFormField,
    ContactPage,
    ContentPage,
    EventIndexPage,
    EventPage,
    FAQPage,
    NewsIndexPage,
    QuizPage,
    RoleIndexPage,
    RoleProfilePage,
    StoryIndexPage,
    StoryPage,
)
from cms.models import CustomImage
from tests.factories import (
    LocalAuthorityFactory,
    LocationFactory,
    OrganisationFactory,
    RoleFactory,
    VacancyFactory,
)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def make_image(
    title="Carer and resident", size=(800, 600), alt="A carer laughing with a resident"
) -> CustomImage:
    buffer = BytesIO()
    Image.new("RGB", size, (200, 120, 80)).save(buffer, format="JPEG")
    return CustomImage.objects.create(
        title=title, description=alt, file=ImageFile(BytesIO(buffer.getvalue()), name="test.jpg")
    )


def publish(page):
    page.save_revision().publish()
    return page


def at(days: int, hour: int = 10) -> datetime:
    return datetime.combine(
        timezone.localdate() + timedelta(days=days), time(hour), tzinfo=timezone.get_current_timezone()
    )


@pytest.fixture
def newcastle(db) -> LocalAuthority:
    return LocalAuthorityFactory(ons_code="E08000021", name="Newcastle upon Tyne", slug="newcastle-upon-tyne")


@pytest.fixture
def care_worker_role(db) -> Role:
    return RoleFactory(name="Care worker", slug="care-worker")


@pytest.fixture
def site(home_page, newcastle, care_worker_role):
    """One published page of every type under the home page."""
    image = make_image()
    academy_org = OrganisationFactory(
        academy=True, local_authority=newcastle, name="Newcastle Care Academy", slug="newcastle-care-academy"
    )
    employer = OrganisationFactory(name="Tyne Homes", slug="tyne-homes")
    location = LocationFactory(organisation=employer, town="Newcastle", local_authority=newcastle)
    vacancy = VacancyFactory(
        organisation=employer, title="Day care assistant", role=care_worker_role, locations=[location]
    )

    def add(parent, page):
        parent.add_child(instance=page)
        return publish(page)

    roles = add(home_page, RoleIndexPage(title="Jobs in care", slug="roles"))
    role = add(
        roles,
        RoleProfilePage(
            title="Care worker",
            slug="care-worker",
            role=care_worker_role,
            summary="Help people live well.",
            image=image,
            what_you_do="<p>Help with daily living.</p>",
            day_in_the_life="<p>Breakfast, then a walk.</p>",
            skills="<ul><li>Kindness</li></ul>",
        ),
    )
    stories = add(home_page, StoryIndexPage(title="Stories", slug="stories"))
    story = add(
        stories,
        StoryPage(
            title="Amira's story",
            slug="amira",
            person_name="Amira",
            quote="I make someone's day better.",
            role=care_worker_role,
            local_authority=newcastle,
            employer_name="Tyne Homes",
            photo=image,
            body="<p>Amira started in care at 40.</p>",
        ),
    )
    events = add(home_page, EventIndexPage(title="Events", slug="events"))
    event = add(
        events,
        EventPage(
            title="Newcastle jobs fair",
            slug="jobs-fair",
            summary="Meet employers.",
            start=at(7),
            end=at(7, 13),
            venue_name="Civic Centre",
            address="Barras Bridge",
            postcode="NE1 8QH",
            local_authority=newcastle,
            capacity=50,
            image=image,
        ),
    )
    areas = add(home_page, AreaIndexPage(title="Areas", slug="areas"))
    area = add(
        areas,
        AreaPage(
            title="Care jobs in Newcastle",
            slug="newcastle",
            local_authority=newcastle,
            intro="<p>The city has lots of care jobs.</p>",
            image=image,
        ),
    )
    academies = add(home_page, AcademyIndexPage(title="Care academies", slug="academies"))
    academy = add(
        academies,
        AcademyPage(
            title="Newcastle Care Academy",
            slug="newcastle-academy",
            organisation=academy_org,
            intro="Free training for people new to care.",
            programme="<p>Two weeks, Care Certificate.</p>",
            image=image,
        ),
    )
    landing = add(
        home_page,
        CampaignLandingPage(
            title="Home care jobs",
            slug="home-care",
            hero_heading="Home care on your doorstep",
            hero_text="Flexible hours.",
            hero_image=image,
            body=[
                {
                    "type": "featured_jobs",
                    "value": {"heading": "Hiring now", "role": "care-worker", "count": 3},
                },
                {"type": "upcoming_events", "value": {"heading": "Events", "count": 3}},
                {"type": "stories", "value": {"heading": "Stories", "stories": [], "count": 4}},
            ],
        ),
    )
    faq = add(
        home_page,
        FAQPage(
            title="Questions",
            slug="questions",
            sections=[
                {
                    "type": "section",
                    "value": {
                        "heading": "Starting",
                        "items": [
                            {"question": "Do I need qualifications?", "answer": "<p>No, we train you.</p>"}
                        ],
                    },
                }
            ],
        ),
    )
    news = add(home_page, NewsIndexPage(title="News", slug="news"))
    article = add(
        news,
        ArticlePage(
            title="Care Week fairs",
            slug="care-week",
            summary="Fairs across the region.",
            image=image,
            body=[{"type": "paragraph", "value": "<p>Come along.</p>"}],
        ),
    )
    contact = add(
        home_page,
        ContactPage(title="Contact us", slug="contact", to_address="team@example.org", subject="Enquiry"),
    )
    ContactFormField.objects.create(page=contact, label="Your name", field_type="singleline", required=True)
    ContactFormField.objects.create(page=contact, label="Your message", field_type="multiline", required=True)
    quiz = add(
        home_page,
        QuizPage(
            title="Is care for me?",
            slug="is-care-for-me",
            academy_finder_page=academies,
            questions=[
                {
                    "type": "question",
                    "value": {
                        "question": "Have you worked in care before?",
                        "answers": [
                            {"text": "Yes", "roles": [role.pk], "new_to_care": False},
                            {"text": "No, I'm new to care", "roles": [role.pk], "new_to_care": True},
                        ],
                    },
                }
            ],
        ),
    )
    content = add(
        home_page,
        ContentPage(
            title="Privacy", slug="privacy", body=[{"type": "paragraph", "value": "<p>Your data.</p>"}]
        ),
    )
    home_page.body = [
        {"type": "job_search", "value": {"heading": "Find a care job near you"}},
        {"type": "featured_jobs", "value": {"heading": "Jobs you could start soon", "count": 3}},
        {"type": "academy_finder", "value": {"heading": "Find your local care academy", "text": ""}},
    ]
    publish(home_page)
    return SimpleNamespace(
        home=home_page,
        image=image,
        vacancy=vacancy,
        employer=employer,
        academy_org=academy_org,
        roles=roles,
        role=role,
        stories=stories,
        story=story,
        events=events,
        event=event,
        areas=areas,
        area=area,
        academies=academies,
        academy=academy,
        landing=landing,
        faq=faq,
        news=news,
        article=article,
        contact=contact,
        quiz=quiz,
        content=content,
        kind_nhs=Organisation.Kind.NHS_TRUST,
    )
