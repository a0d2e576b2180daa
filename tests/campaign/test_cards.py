"""Story, event and job cards (campaign.cards) write the HTML their templates wrote, byte for byte,
for cards with and without photos, areas, roles, towns and pay, and with text that needs escaping."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from django.template import engines
from django.test import RequestFactory
from django.utils import timezone

from ats.models import Vacancy
from campaign.cards import event_cards, job_cards, story_cards
from campaign.models import EventPage, StoryPage
from campaign.queries import featured_vacancies, stories_for_block, upcoming_events
from tests.factories import (
    LocalAuthorityFactory,
    LocationFactory,
    OrganisationFactory,
    RoleFactory,
    VacancyFactory,
)
from tests.fixtures.campaign_site import child_page, make_image

# The card templates as they were before the cards were written in Python (dfea015).
STORY_CARD = """{% load wagtailcore_tags wagtailimages_tags cms_images %}<li class="card card--story">
  {% if story.photo %}{% srcset_image story.photo fill-{480x360,960x720} format-webp sizes="(max-width: 48rem) 85vw, 22rem" loading="lazy" class="card__image" alt=story.photo.alt %}{% endif %}
  <blockquote class="card__quote"><p>“{{ story.quote }}”</p></blockquote>
  <p class="card__title"><a href="{% pageurl story %}">{{ story.person_name }}<span class="visually-hidden">’s story</span></a></p>
  <p class="card__meta">{{ story.byline }}</p>
</li>
"""
EVENT_CARD = """{% load wagtailcore_tags %}<li class="card card--event">
  <p class="card__date"><time datetime="{{ event.start|date:'c' }}">{{ event.start|date:"l j F Y, g:i a" }}</time></p>
  <h3 class="card__title"><a href="{% pageurl event %}">{{ event.title }}</a></h3>
  <p class="card__meta">{{ event.get_kind_display }} · {% if event.is_online %}Online{% else %}{{ event.venue_name }}{% if event.local_authority %}, {{ event.local_authority.name }}{% endif %}{% endif %}</p>
  <p>{{ event.summary }}</p>
</li>
"""
JOB_CARD = """{% load campaign_tags %}<li class="card card--job">
  <h3 class="card__title"><a href="{{ vacancy.get_absolute_url }}">{{ vacancy.title }}</a></h3>
  <p class="card__meta">{{ vacancy.organisation.name }}{% if vacancy.first_town %}, {{ vacancy.first_town }}{% endif %}</p>
  {% with pay=vacancy|pay_text %}{% if pay %}<p class="card__pay">{{ pay }}</p>{% endif %}{% endwith %}
  <ul class="tags">
    <li class="tag">{{ vacancy.get_setting_display }}</li>
    {% if vacancy.new_to_care_welcome %}<li class="tag tag--warm">New to care welcome</li>{% endif %}
    {% if vacancy.organisation.is_nhs %}<li class="tag tag--nhs">NHS</li>{% endif %}
  </ul>
</li>
"""


def _as_before(template: str, name: str, items, request) -> str:
    before = engines["django"].from_string(template)
    return "".join(before.render({name: item, "request": request}, request) for item in items)


@pytest.fixture
def request_(site):
    return RequestFactory().get("/", HTTP_HOST="localhost")


def test_story_cards_write_what_the_template_wrote(site, request_, care_worker_role):
    area = LocalAuthorityFactory(name="Redcar & <Cleveland>", slug="redcar")
    role = RoleFactory(name='Senior "lead" carer', slug="senior-carer")
    quoted = make_image(title="Pattern", alt='Sam & "Jo" <laughing>')
    missing_file = make_image(title="Gone")  # no renditions and no file: a "not-found" image
    missing_file.file.storage.delete(missing_file.file.name)
    kinds = [
        {"photo": site.image, "quote": 'I said "yes" & <never> looked back', "person_name": "Jo & Sam"},
        {"photo": None, "role": role, "local_authority": None, "employer_name": ""},
        {"photo": quoted, "role": None, "job_title": "", "employer_name": "", "local_authority": area},
        {"photo": missing_file, "role": None, "job_title": "", "employer_name": "", "local_authority": None},
        {"photo": site.image, "job_title": "Night carer <nights>", "employer_name": "O'Brien's Care"},
    ]
    for number, kind in enumerate(kinds):
        fields = {
            "title": f"Story {number}",
            "person_name": f"Person {number}",
            "quote": "Care suits me.",
            "role": care_worker_role,
            "local_authority": site.area.local_authority,
            "employer_name": "Tyne Homes",
            "body": "<p>Story.</p>",
            **kind,
        }
        child_page(site.stories, StoryPage, f"story-{number}", **fields)

    stories = stories_for_block([], count=8)
    assert len(stories) == 6  # the fixture's story too

    html = str(story_cards(stories, request_))

    assert html == _as_before(STORY_CARD, "story", stories, request_)
    assert (
        "Jo &amp; Sam" in html
        and "not-found" in html
        and 'alt="Sam &amp; &quot;Jo&quot; &lt;laughing&gt;"' in html
    )


def test_event_cards_write_what_the_template_wrote(site, request_):
    london = ZoneInfo("Europe/London")
    next_year = timezone.localdate().year + 1
    kinds = [
        # online: a link and no venue
        {"kind": EventPage.Kind.ONLINE, "online_url": "https://example.org/meet", "venue_name": ""},
        # a venue without a council, at midnight in summer time
        {
            "venue_name": "Town Hall & <Annexe>",
            "local_authority": None,
            "start": datetime(next_year, 7, 1, 0, 0, tzinfo=london),
        },
        # a link and a venue: not online
        {
            "online_url": "https://example.org/x",
            "venue_name": "Library",
            "start": datetime(next_year, 1, 5, 12, 0, tzinfo=london),
        },
        {
            "title": 'Open day: "care" & <you>',
            "summary": "Bring a friend & a CV <please>",
            "kind": EventPage.Kind.OPEN_DAY,
        },
    ]
    for number, kind in enumerate(kinds):
        fields = {
            "title": f"Event {number}",
            "summary": "Meet employers.",
            "start": timezone.now() + timedelta(days=number + 1, minutes=7 * number),
            "end": timezone.now() + timedelta(days=number + 1, hours=3),
            "venue_name": "Civic Centre",
            "address": "Barras Bridge",
            "postcode": "NE1 8QH",
            "local_authority": site.area.local_authority,
            "capacity": 20,
            **kind,
        }
        child_page(site.events, EventPage, f"event-{number}", **fields)

    events = upcoming_events(count=6)
    assert len(events) == 5

    html = str(event_cards(events, request_))

    assert html == _as_before(EVENT_CARD, "event", events, request_)
    assert "Online</p>" in html and "12:00 p.m." in html and "12:00 a.m." in html and "+01:00" in html


def test_job_cards_write_what_the_template_wrote(site):
    nhs = OrganisationFactory(name="Tees & Wear NHS Trust", kind="nhs_trust")
    smith = OrganisationFactory(name="Smith & Sons <Care>")
    town = LocationFactory(organisation=smith, town="Stockton-on-Tees & District")
    kinds = [
        {"organisation": nhs, "afc_band": "3", "pay_min": None, "pay_max": None},
        {"organisation": smith, "locations": [town], "title": 'Carer "nights" & <weekends>'},
        {"pay_min": None, "pay_max": None, "new_to_care_welcome": False, "setting": Vacancy.Setting.HOSPITAL},
        {"locations": []},
        {"pay_min": Decimal("12.60"), "pay_max": Decimal("12.60"), "new_to_care_welcome": True},
        {"pay_period": Vacancy.PayPeriod.YEAR, "pay_min": Decimal("24000"), "pay_max": Decimal("26500")},
        {"pay_min": Decimal("1250.50"), "pay_max": None, "pay_period": Vacancy.PayPeriod.YEAR},
    ]
    for kind in kinds:
        VacancyFactory(**kind)

    vacancies = featured_vacancies(count=12)
    assert len(vacancies) == 8  # the fixture's job too

    html = str(job_cards(vacancies))

    assert html == _as_before(JOB_CARD, "vacancy", vacancies, None)
    assert "Smith &amp; Sons &lt;Care&gt;, Stockton-on-Tees &amp; District" in html
    assert "NHS Agenda for Change Band 3" in html


def test_no_cards_write_nothing(site, request_):
    assert story_cards([], request_) == event_cards([], request_) == job_cards([]) == ""


@pytest.mark.parametrize("language", ["en-gb", "fr", "cy"])
def test_event_dates_read_as_the_date_filter_writes_them_at_every_hour_and_in_any_language(language):
    from django.template.defaultfilters import date
    from django.utils import translation

    from campaign.cards import event_date_label

    london = ZoneInfo("Europe/London")
    start = datetime(2026, 1, 1, 0, 0, tzinfo=london)
    with translation.override(language):
        for step in range(24 * 9 + 7):  # every hour of the day, each weekday and month, summer time
            when = (start + timedelta(days=step * 13 // 7, hours=step, minutes=step * 7 % 60)).astimezone(
                london
            )
            assert event_date_label(when) == date(when, "l j F Y, g:i a"), when
            assert when.isoformat() == date(when, "c")
