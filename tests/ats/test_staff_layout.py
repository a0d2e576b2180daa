"""Issue 21.8: staff screens have their own layout (the GOV.UK service navigation pattern) with the
signed-in person and a "Sign out" button on every page, navigation only to what their role can use,
and no campaign chrome."""

import time
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from django.utils import timezone

from ats.models import Cohort, Membership, RoutingDecision
from cms.models import CampaignBanner
from tests.factories import (
    ApplicationFactory,
    EnquiryFactory,
    MembershipFactory,
    UserFactory,
    VacancyFactory,
    with_totp,
)

pytestmark = pytest.mark.django_db

BANNER = "Job fair this Saturday at the Civic Centre"


class Links(HTMLParser):
    """The page's links, buttons and the staff navigation's items, as a person would see them."""

    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.nav: list[tuple[str, str | None]] = []  # (href, aria-current)
        self.forms: list[str] = []  # form actions with a "Sign out" button
        self._in_nav = False
        self._form_action = None
        self._in_button = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and attrs.get("aria-label") == "Staff portal":
            self._in_nav = True
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
            if self._in_nav:
                self.nav.append((attrs["href"], attrs.get("aria-current")))
        if tag == "form":
            self._form_action = (attrs.get("method", "get").lower(), attrs.get("action"))
        if tag == "button":
            self._in_button = True

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_nav = False
        if tag == "button":
            self._in_button = False

    def handle_data(self, data):
        if self._in_button and data.strip() == "Sign out" and self._form_action:
            method, action = self._form_action
            if method == "post":
                self.forms.append(action)


def parse(response) -> Links:
    links = Links()
    links.feed(response.content.decode())
    return links


@pytest.fixture
def portal_data(employer_a, academy):
    """A vacancy with an application at employer A, an enquiry routed to it and to the academy, a
    course at the academy, and the campaign strip switched on for the public site."""
    CampaignBanner.objects.create(text=BANNER)
    vacancy = VacancyFactory(organisation=employer_a)
    ApplicationFactory(vacancy=vacancy)
    for destination in (employer_a, academy):
        RoutingDecision.objects.create(
            enquiry=EnquiryFactory(), destination=destination, rule_name="Test", reason="Test"
        )
    today = timezone.localdate()
    Cohort.objects.create(
        academy=academy,
        starts_on=today + timedelta(days=14),
        ends_on=today + timedelta(days=25),
        venue="Civic Centre",
        capacity=12,
    )


@pytest.fixture
def admin_a(employer_a):
    user = MembershipFactory(
        organisation=employer_a, role=Membership.Role.ADMIN, user__email="ada@alpha.example"
    ).user
    with_totp(user)
    return user


def crawl(client, start="/recruit/", limit=80):
    """Every portal page reachable from the dashboard by its links (GET only), with its response."""
    seen, queue, pages = {start}, [start], {}
    while queue and len(pages) < limit:
        url = queue.pop(0)
        response = client.get(url)
        pages[url] = response
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        for href in parse(response).hrefs:
            href = href.split("#")[0]
            if href.startswith("/recruit/") and href not in seen:
                seen.add(href)
                queue.append(href)
    return pages


PERSONAS = {
    # persona: the navigation it sees, in order
    "viewer_a": ["Dashboard", "Vacancies", "Enquiries", "Organisations", "Insight"],
    "recruiter_a": ["Dashboard", "Vacancies", "Enquiries", "Organisations", "Insight"],
    "admin_a": ["Dashboard", "Vacancies", "Enquiries", "Organisations", "Insight", "Equality"],
    "coordinator": ["Dashboard", "Vacancies", "Enquiries", "Courses", "Organisations", "Insight"],
    "regional_admin": [
        "Dashboard",
        "Vacancies",
        "Approvals",
        "Enquiries",
        "Courses",
        "Organisations",
        "Insight",
        "Equality",
    ],
}
NAV_URLS = {
    "Dashboard": "/recruit/",
    "Vacancies": "/recruit/vacancies/",
    "Approvals": "/recruit/approvals/",
    "Enquiries": "/recruit/enquiries/",
    "Courses": "/recruit/enquiries/courses/",
    "Organisations": "/recruit/organisations/",
    "Insight": "/recruit/insight/",
    "Equality": "/recruit/equality/",
}


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_each_role_sees_only_navigation_it_can_use_and_every_link_opens(
    client, request, persona, portal_data, home_page
):
    user = request.getfixturevalue(persona)
    client.force_login(user)

    dashboard = client.get("/recruit/")
    assert [href for href, _ in parse(dashboard).nav] == [NAV_URLS[label] for label in PERSONAS[persona]]
    pages = crawl(client)

    assert len(pages) > 5
    for url, response in pages.items():
        assert response.status_code == 200, (persona, url, response.status_code)
        if not response["Content-Type"].startswith("text/html"):
            continue  # a CSV download
        links = parse(response)
        assert [href for href, _ in links.nav] == [NAV_URLS[label] for label in PERSONAS[persona]], url
        assert links.forms == ["/accounts/logout/"], url  # a "Sign out" button, as a POST form
        html = response.content.decode()
        assert BANNER not in html, url
        assert 'class="site-header' not in html and 'class="cookie-banner' not in html, url
        if persona == "viewer_a":
            assert "Create a vacancy" not in html and "Import vacancies" not in html, url
    if persona != "viewer_a":
        assert "Create a vacancy" in dashboard.content.decode()


def test_the_public_site_still_shows_the_campaign_strip(client, portal_data, home_page):
    assert BANNER in client.get("/").content.decode()  # so its absence from the portal means something


@pytest.mark.parametrize(
    ("url", "current"),
    [
        ("/recruit/", [("/recruit/", "page")]),
        ("/recruit/enquiries/", [("/recruit/enquiries/", "page")]),
        ("/recruit/enquiries/courses/", [("/recruit/enquiries/courses/", "page")]),
        ("/recruit/equality/region/", [("/recruit/equality/", "true")]),
    ],
)
def test_the_current_section_is_marked_for_screen_readers(client, regional_admin, url, current, home_page):
    client.force_login(regional_admin)

    nav = parse(client.get(url)).nav

    assert [(href, state) for href, state in nav if state] == current


def test_the_header_names_the_signed_in_person_and_sign_out_signs_out(client, recruiter_a, home_page):
    recruiter_a.first_name, recruiter_a.last_name = "Rita", "Reyes"
    recruiter_a.save()
    client.force_login(recruiter_a)
    page = client.get("/recruit/vacancies/")
    assert "Signed in as <strong>Rita Reyes</strong>" in page.content.decode()

    response = client.post(parse(page).forms[0])

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get("/recruit/")["Location"].startswith("/accounts/login/")


def set_up_authenticator(client):
    """Through allauth's own screens: confirm the password if asked, scan, type the code."""
    activate = client.get("/accounts/2fa/totp/activate/")
    if activate.status_code == 302:
        client.post(activate["Location"], {"password": "correct-horse-battery"})
        activate = client.get("/accounts/2fa/totp/activate/")
    secret = activate.context["form"].secret
    code = format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))
    return client.post("/accounts/2fa/totp/activate/", {"code": code}, follow=True)


def test_after_setting_up_an_authenticator_the_recovery_codes_page_leads_on_to_the_portal(
    client, employer_a, home_page
):
    user = MembershipFactory(
        organisation=employer_a, role=Membership.Role.RECRUITER, user__email="new@alpha.example"
    ).user
    client.force_login(user)
    assert client.get("/recruit/")["Location"] == "/accounts/2fa/totp/activate/"

    codes = set_up_authenticator(client)

    assert codes.redirect_chain[-1][0] == "/accounts/2fa/recovery-codes/"
    assert "Continue to your portal" in codes.content.decode()
    assert "/recruit/" in parse(codes).hrefs
    assert client.get("/recruit/").status_code == 200


def test_a_jobseeker_who_sets_up_an_authenticator_is_led_back_to_their_account(client, home_page):
    client.force_login(UserFactory(email="jo@seeker.example"))

    codes = set_up_authenticator(client)

    assert codes.redirect_chain[-1][0] == "/accounts/2fa/recovery-codes/"
    page = codes.content.decode()
    assert "Continue to your account" in page and "/me/" in parse(codes).hrefs
    assert "Continue to your portal" not in page
