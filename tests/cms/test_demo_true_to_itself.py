"""The demo is true to itself: every job search a demo page links to (a button, a story's "see these
jobs", an area's "See 3 jobs", a preset, a quiz outcome) finds at least one job, and as many as it
says; each demo place sits at its own postcode; the home page's pay figure is the live jobs' own."""

import csv
import html
import re
from decimal import Decimal

import pytest

from django.db.models import Min

from ats.models import Location, Vacancy
from ats.places.reference_data import open_text
from campaign.models import QuizPage
from campaign.queries import job_search_url
from tests.reference_files import reference_path

pytestmark = pytest.mark.django_db

LINK = re.compile(
    r'<a\b[^>]*\bhref="(?P<href>(?:https?://[^/"]+)?/jobs/\?[^"]*)"[^>]*>(?P<text>.*?)</a>', re.S
)
FOUND = re.compile(r'class="results-summary__count">\s*(\d+) jobs?')
SAYS = re.compile(r"See (\d+) jobs?\b")


def jobs_found(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    match = FOUND.search(response.content.decode())
    assert match, f"{url} shows no result count"
    return int(match.group(1))


def job_links(client, urls):
    """(page, job search URL, link text) for every link to a job search on the pages."""
    for page_url in urls:
        body = client.get(page_url, follow=True).content.decode()
        for match in LINK.finditer(body):
            href = re.sub(r"^https?://[^/]+", "", html.unescape(match["href"]))
            text = " ".join(re.sub(r"<[^>]+>", " ", match["text"]).split())
            yield page_url, href, text


def test_every_job_search_a_demo_page_links_to_finds_what_it_promises(demo_site, client):
    pages = [url for urls in demo_site.urls.values() for url in urls] + ["/jobs/"]
    links = list(job_links(client, pages))
    quiz = QuizPage.objects.live().get()
    quiz_roles = {
        role_page.specific.role.slug
        for question in quiz.questions
        for answer in question.value["answers"]
        for role_page in answer["roles"]
        if role_page and role_page.specific.role
    }
    links += [(quiz.url, job_search_url(role=slug), "quiz outcome") for slug in sorted(quiz_roles)]
    landing_buttons = {"/jobs/?kind=nhs_trust&area=northumberland", "/jobs/?role=home-care-worker"}
    stories = {"/jobs/?role=care-apprentice", "/jobs/?role=activities-coordinator"}
    assert landing_buttons | stories <= {href for _, href, _ in links}

    empty, miscounted = [], []
    for page_url, href, text in links:
        found = jobs_found(client, href)
        if found == 0:
            empty.append(f"{page_url}: {text!r} -> {href}")
        said = SAYS.search(text)
        if said and int(said.group(1)) != found:
            miscounted.append(f"{page_url}: {text!r} but {href} finds {found}")
    assert not empty, "links that find no job:\n" + "\n".join(empty)
    assert not miscounted, "\n".join(miscounted)


def test_each_demo_place_sits_at_its_own_postcode(demo_site):
    with open_text(reference_path("postcodes")) as handle:
        positions = {
            row["postcode"]: (float(row["latitude"]), float(row["longitude"]))
            for row in csv.DictReader(handle)
            if row["latitude"]
        }
    places = Location.objects.filter(vacancies__status=Vacancy.Status.LIVE).distinct()

    wrong = [
        f"{place.organisation.name}, {place.name} ({place.postcode}): {place.latitude}, {place.longitude}, "
        f"its postcode is at {positions.get(place.postcode)}"
        for place in places.select_related("organisation")
        if positions.get(place.postcode) != pytest.approx((place.latitude, place.longitude), abs=1e-6)
    ]
    assert not wrong, "\n".join(wrong)
    assert places.count() >= 12  # one employer in every council at least


def test_the_home_pages_pay_figure_is_the_lowest_live_new_to_care_pay(demo_site, client):
    lowest = Vacancy.objects.filter(
        status=Vacancy.Status.LIVE, new_to_care_welcome=True, pay_period=Vacancy.PayPeriod.HOUR
    ).aggregate(low=Min("pay_min"))["low"]

    assert lowest == Decimal("12.40")
    assert "£12.40+" in client.get("/").content.decode()
