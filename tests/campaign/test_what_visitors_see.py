"""What a visitor sees on each campaign page type: headings, text, links, images' alt text,
editor-entered text shown as text, empty listings, pagination that keeps the filters, past and full
events, quiz answers and form errors linked to their fields (issue 23.1: the pages are templates).

Read through tests/page_html.py, as a browser would read the HTML."""

import json

import pytest

from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from campaign.demo import child_page
from campaign.models import EventPage, EventRegistration, StoryPage
from tests.factories import LocalAuthorityFactory, RoleFactory
from tests.fixtures.campaign_site import at, publish
from tests.page_html import main_of, parse

pytestmark = pytest.mark.django_db


def test_role_index_links_each_role_with_its_summary_and_a_decorative_photo(client, site):
    main = main_of(client.get(site.roles.url))

    card = main.one("li", "card")
    assert main.one("h1").text == "Jobs in care"
    assert card.one("h2").text == "Care worker"
    assert card.link("Care worker") == site.role.url
    assert "Help people live well." in card.text
    assert card.one("img").get("alt") == ""  # the card's title says what it is


def test_role_profile_shows_the_job_its_pay_where_it_leads_and_live_jobs(client, site):
    site.role.progression = [
        {"type": "step", "value": {"title": "Senior carer", "text": "Lead a shift.", "role_page": None}}
    ]
    publish(site.role)

    main = main_of(client.get(site.role.url))

    assert main.one("h1").text == "Care worker"
    assert main.one("img", "hero__image").get("alt") == site.image.alt
    assert main.link("See jobs for this role") == "/jobs/?role=care-worker"
    assert main.texts("h2")[:4] == [
        "What you would do",
        "A day in the life",
        "Skills you need",
        "Where it can lead",
    ]
    assert main.one("li", "steps__item").text == "Senior carer Lead a shift."
    assert main.one("aside").text.startswith("Pay £12.60 to £13.20 an hour From 1 live job on this site.")
    job = main.one("li", "card--job")
    assert job.link("Day care assistant") == f"/jobs/{site.vacancy.slug}/"
    assert "Tyne Homes, Newcastle" in job.text
    assert main.link("See all care worker jobs") == "/jobs/?role=care-worker"


def test_story_index_filters_and_its_pages_keep_the_filter(client, site, care_worker_role):
    support = RoleFactory(name="Support worker", slug="support-worker")
    for number in range(13):
        child_page(
            site.stories,
            StoryPage,
            f"support-{number}",
            title=f"Story {number}",
            person_name=f"Person {number}",
            quote="I love it.",
            role=support,
            body="<p>x</p>",
        )

    first = main_of(client.get(site.stories.url, {"role": "support-worker"}))
    assert len(first.find_all("li", "card--story")) == 12
    assert "Amira’s story" not in first.text
    assert first.one("select", name="role").find("option", selected=True) is not None
    assert first.one("nav", "pagination").text == "Page 1 of 2 Next page"
    next_page = first.one("a", rel="next").get("href")
    assert next_page == "?role=support-worker&page=2"

    second = main_of(client.get(site.stories.url + next_page))
    assert [card.find("p", "card__title").text for card in second.find_all("li", "card--story")] == [
        "Person 0’s story"
    ]
    assert second.one("a", rel="prev").get("href") == "?role=support-worker&page=1"


def test_story_index_with_no_match_says_so_and_offers_all_stories(client, site):
    durham = LocalAuthorityFactory(ons_code="E06000047", name="County Durham", slug="county-durham")
    child_page(
        site.stories,
        StoryPage,
        "josh",
        title="Josh",
        person_name="Josh",
        quote="Hi",
        body="<p>x</p>",
        local_authority=durham,
    )

    main = main_of(client.get(site.stories.url, {"role": "care-worker", "area": "county-durham"}))

    assert main.one("p", "empty").text == "No stories match. Show all stories."
    assert main.link("Show all stories") == site.stories.url
    assert main.find("nav", "pagination") is None


def test_story_page_shows_the_persons_words_photo_and_their_roles_jobs(client, site):
    main = main_of(client.get(site.story.url))

    assert main.one("h1").text == "Amira's story"
    assert main.one("blockquote").text == "“I make someone's day better.”"
    assert main.one("figcaption").text == "Amira, Care worker, Tyne Homes (Newcastle upon Tyne)"
    assert main.one("img", "story__photo").get("alt") == "A carer laughing with a resident"
    assert main.link("See care worker jobs") == "/jobs/?role=care-worker"


def test_editors_text_is_shown_as_text_never_run_as_markup(client, site):
    site.story.title = '<script>alert("title")</script>'
    site.story.quote = "<b>bold</b> & <i>brave</i>"
    site.story.person_name = "<img src=x onerror=alert(1)>"
    publish(site.story)

    response = client.get(site.story.url)
    page = parse(response.content)
    main = page.one("main")

    assert main.one("h1").text == '<script>alert("title")</script>'
    assert main.one("blockquote").text == "“<b>bold</b> & <i>brave</i>”"
    assert main.find("b") is None and main.find("script") is None
    assert [img.get("src") for img in page.find_all("img")] == [
        img.get("src") for img in main.find_all("img", "story__photo")
    ]
    # The breadcrumbs' JSON-LD holds the title as data; its </script> cannot end the element.
    (breadcrumbs,) = [
        json.loads(script.children[0]) for script in page.find_all("script", type="application/ld+json")
    ]
    assert breadcrumbs["itemListElement"][-1]["name"] == '<script>alert("title")</script>'
    # The story's card on the index shows the same text as text.
    card = main_of(client.get(site.stories.url)).one("li", "card--story")
    assert card.one("p", "card__title").text == "<img src=x onerror=alert(1)>’s story"
    assert card.find("img", src="x") is None


def test_event_index_lists_coming_events_then_past_ones(client, site):
    child_page(
        site.events,
        EventPage,
        "last-month",
        title="Last month's fair",
        summary="Gone.",
        start=at(-30),
        end=at(-30, 13),
        venue_name="Old Hall",
    )

    main = main_of(client.get(site.events.url))

    assert main.texts("h2") == ["Coming up", "Past events"]
    coming, past = main.find_all("ul", "card-grid")
    start = timezone.localtime(site.event.start)
    assert coming.one("h3").text == "Newcastle jobs fair"
    assert coming.one("time").text == date_format(start, "l j F Y, g:i a")
    assert coming.one("p", "card__meta").text == "Job fair · Civic Centre, Newcastle upon Tyne"
    assert past.link("Last month's fair") == site.events.url + "last-month/"


def test_event_index_without_coming_events_says_so(client, site):
    site.event.unpublish()

    main = main_of(client.get(site.events.url))

    assert main.one("p", "empty").text == "There are no events coming up right now. Check back soon."
    assert main.texts("h2") == ["Coming up"]


def test_event_page_says_when_and_where_places_left_and_how_to_register(client, site):
    main = main_of(client.get(site.event.url))

    panel = main.one("aside")
    details = dict(zip(panel.texts("dt"), panel.texts("dd"), strict=True))
    start = timezone.localtime(site.event.start)
    assert details == {
        "Date": date_format(start, "l j F Y"),
        "Time": "10:00 a.m. to 1:00 p.m.",
        "Where": "Civic Centre Barras Bridge NE1 8QH",
        "Places": "50 left",
    }
    assert panel.link("Register for this event") == site.event.url + "register/"
    assert main.one("img", "event__image").get("alt") == site.image.alt


def test_a_full_event_says_so_and_points_to_other_events(client, site):
    site.event.capacity = 1
    publish(site.event)
    EventRegistration.objects.create(event=site.event, name="Jo", email="jo@example.org")

    panel = main_of(client.get(site.event.url)).one("aside")

    assert "This event is full." in panel.text
    assert panel.link("See other events") == site.events.url
    assert "None left" in panel.text
    assert "Register for this event" not in panel.text


def test_a_past_event_points_to_upcoming_events_and_hides_its_places(client, site):
    site.event.start, site.event.end = at(-3), at(-3, 13)
    publish(site.event)

    panel = main_of(client.get(site.event.url)).one("aside")

    assert panel.link("See upcoming events") == site.events.url
    assert "Places" not in panel.texts("dt")


def test_area_index_and_area_page(client, site):
    index = main_of(client.get(site.areas.url))
    assert index.links() == [("Newcastle upon Tyne", site.area.url)]

    main = main_of(client.get(site.area.url))

    assert main.one("h1").text == "Care jobs in Newcastle"
    assert main.link("See 1 job in Newcastle upon Tyne").startswith("/jobs/?area=newcastle-upon-tyne")
    assert main.texts("li", "stat") == ["1 live care job on this site", "1 employer hiring now"]
    assert main.one("h2", "cta__heading").text == "New to care? Start at Newcastle Care Academy"
    assert main.link("About Newcastle Care Academy") == site.academy.url
    assert main.one("li", "card--job").find("a").text == "Day care assistant"
    assert main.one("li", "card--event").find("a").get("href") == site.event.url


def test_academy_index_finds_an_academy_by_postcode_and_lists_them(client, site):
    main = main_of(client.get(site.academies.url))

    field = main.one("input", name="postcode")
    assert main.one("label", for_=field.get("id")).text == "Your postcode"
    assert main.one("form", "inline-form").get("action") == reverse("academy-finder")
    assert main.one("li", "card").link("Newcastle Care Academy") == site.academy.url


def test_academy_page_lists_its_courses_or_says_new_dates_are_coming(client, site):
    aside = main_of(client.get(site.academy.url)).one("aside")
    assert "New dates are coming soon." in aside.text

    site.academy.cohorts = [
        {
            "type": "cohort",
            "value": {
                "name": "January",
                "start_date": "2027-01-11",
                "venue": "Civic Centre",
                "places": "12 places left",
            },
        }
    ]
    publish(site.academy)
    aside = main_of(client.get(site.academy.url)).one("aside")
    assert aside.one("ul", "plain-list").text == "January Starts 11 January 2027, Civic Centre 12 places left"
    assert aside.link("Register your interest") == "#register-interest"


def test_quiz_asks_each_question_as_a_group_of_radios(client, site):
    main = main_of(client.get(site.quiz.url))

    fieldset = main.one("fieldset")
    assert fieldset.one("legend").text == "1. Have you worked in care before?"
    radios = fieldset.find_all("input", type="radio")
    assert [main.one("label", for_=radio.get("id")).text for radio in radios] == [
        "Yes",
        "No, I'm new to care",
    ]


def test_quiz_with_no_answer_links_the_problem_to_the_question(client, site):
    page = parse(client.get(site.quiz.url, {"q1": ""}).content)

    summary = page.one("div", "error-summary")
    assert summary.links() == [("Answer question 1", "#q1-0")]
    assert page.find(id="q1-0") is not None
    assert page.one("fieldset").one("span", "error-message").text == "Error: Answer question 1"


def test_quiz_answers_lead_to_roles_and_a_next_step(client, site):
    new = main_of(client.get(site.quiz.url, {"q1": "1"})).one("section", "panel--result")
    assert new.link("Care worker") == site.role.url
    assert new.one("form").get("action") == reverse("academy-finder")
    assert new.link("Or see all the care academies") == site.academies.url
    assert new.link("Or search these jobs now") == "/jobs/?role=care-worker"

    experienced = main_of(client.get(site.quiz.url, {"q1": "0"}))
    assert experienced.find("fieldset") is None  # the answer, not the questions again
    assert experienced.link("Search these jobs") == "/jobs/?role=care-worker"
    assert experienced.link("Or find your local care academy") == reverse("academy-finder")


def test_contact_form_errors_are_summarised_and_linked_to_their_fields(client, site):
    response = client.post(site.contact.url, {"your_name": "", "your_message": ""})
    page = parse(response.content)

    assert page.one("title").text.startswith("Error: Contact us")
    summary = page.one("div", "error-summary")
    for text, href in summary.links():
        field = page.one(id=href.removeprefix("#"))
        assert field.tag in {"input", "textarea"}
        assert page.one("label", for_=field.get("id")).text.startswith(("Your name", "Your message"))
        assert text == "This field is required."
    assert len(summary.links()) == 2


def test_news_index_lists_articles_with_their_dates_or_says_there_is_none(client, site):
    main = main_of(client.get(site.news.url))
    card = main.one("li", "card")
    assert card.one("time").text == date_format(site.article.date, "j F Y")
    assert card.link("Care Week fairs") == site.article.url
    assert "Fairs across the region." in card.text

    site.article.unpublish()
    assert main_of(client.get(site.news.url)).one("p", "empty").text == "No news yet."


def test_article_page_shows_its_date_summary_image_and_body(client, site):
    main = main_of(client.get(site.article.url))

    assert main.one("h1").text == "Care Week fairs"
    assert main.one("p", "lead").text == "Fairs across the region."
    assert main.one("img").get("alt") == site.image.alt
    assert "Come along." in main.text


def test_home_page_blocks_search_jobs_list_jobs_and_find_academies(client, site):
    main = main_of(client.get(site.home.url))

    search = main.one("section", "search-panel")
    for name, label in (("q", "Job title or keyword"), ("postcode", "Postcode"), ("radius", "Distance")):
        field = search.find(name=name)
        assert search.one("label", for_=field.get("id")).text == label
    assert search.one("option", selected=True).text == "10 miles"
    assert main.one("li", "card--job").link("Day care assistant") == f"/jobs/{site.vacancy.slug}/"
    assert main.one("section", "academy-finder").one("h2").text == "Find your local care academy"


def test_landing_page_hero_stories_and_events(client, site):
    main = main_of(client.get(site.landing.url))

    assert main.one("h1", "hero__heading").text == "Home care on your doorstep"
    assert main.link("Find a care job") == "/jobs/"
    stories = main.one("section", "stories")
    assert stories.one("ul", "carousel").get("aria-label") == "Stories (scroll sideways for more)"
    assert stories.one("img").get("alt") == site.image.alt
    assert main.one("section", "events").one("h3").text == "Newcastle jobs fair"


def test_faq_page_answers_open_without_javascript_and_are_given_to_search_engines(client, site):
    page = parse(client.get(site.faq.url).content)

    details = page.one("main").one("details")
    assert details.one("summary").text == "Do I need qualifications?"
    items = [json.loads(script.children[0]) for script in page.find_all("script", type="application/ld+json")]
    faq = next(item for item in items if item["@type"] == "FAQPage")
    assert faq["mainEntity"][0]["acceptedAnswer"]["text"] == "No, we train you."
