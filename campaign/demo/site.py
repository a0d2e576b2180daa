"""The demo campaign site as a whole: seeding every page family in order, the home page and site settings,
navigation and redirects, the editors' accounts, and where the site is served."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings as django_settings
from django.contrib.auth.models import Group

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from ats.demo import DemoAccount, demo_user
from ats.models import JobSearchPage
from campaign.collections import EDITORS
from campaign.demo.content import _contact, _faqs, _news, _privacy, _quiz
from campaign.demo.events import _academies, _events
from campaign.demo.images import _images
from campaign.demo.landings import _home_body, _landings
from campaign.demo.pages import block, publish_as_edited
from campaign.demo.people import _areas, _roles, _stories
from campaign.models import (
    AcademyPage,
    AreaPage,
    CampaignLandingPage,
    EventPage,
    HomePage,
    RoleProfilePage,
    StoryPage,
)
from cms.models import CampaignBanner, NavigationSettings, SiteSettings


def seed(stdout, *, image_scale: float = 1.0) -> None:
    """Build or refresh the campaign site. `image_scale` < 1 draws smaller images (tests)."""
    images = _images(image_scale)
    home = _home(images)
    _site(home, images)
    roles = _roles(home, images)
    stories_index = _stories(home, images)
    events_index = _events(home, images)
    academies = _academies(home, images)
    _areas(home, images)
    faq = _faqs(home)
    _news(home, images)
    contact = _contact(home)
    quiz = _quiz(home, roles, academies)
    privacy = _privacy(home)
    landings = _landings(home, images)
    _home_body(home, images, stories_index)
    _navigation(home, roles, stories_index, events_index, academies, quiz, faq, contact, privacy)
    _redirects(home, landings)
    CampaignBanner.objects.get_or_create(
        text="Care Week job fairs: meet employers across the North East this month.",
        defaults={"link_text": "See events", "link_url": events_index.url},
    )
    stdout.write(
        f"Campaign site: {Page.objects.live().type(HomePage).count()} home, "
        f"{CampaignLandingPage.objects.count()} landing pages, {RoleProfilePage.objects.count()} roles, "
        f"{StoryPage.objects.count()} stories, {EventPage.objects.count()} events, "
        f"{AreaPage.objects.count()} areas, {AcademyPage.objects.count()} academies"
    )


MODERATORS = "Marketing moderators"  # made by migration campaign 0003, with EDITORS
DEMO_EDITORS = [
    (
        "Marketing moderator (approves and publishes pages, sees no candidate)",
        "moderator@carecareers.example",
        "Mo",
        "Moss",
        MODERATORS,
    ),
    (
        "Marketing editor (drafts pages and images, submits them for approval, sees no candidate)",
        "editor@carecareers.example",
        "Eddie",
        "Eliot",
        EDITORS,
    ),
]


def seed_editors(saved: dict) -> list[DemoAccount]:
    """A marketing moderator and a marketing editor of the campaign site (Wagtail admin users)."""
    accounts = []
    for label, email, first, last, group_name in DEMO_EDITORS:
        user, account = demo_user(label, email, first, last, saved=saved)
        user.groups.set(Group.objects.filter(name=group_name))
        accounts.append(account)
    return accounts


def site_address(url: str) -> tuple[str, int]:
    """(hostname, port) of a base URL such as SITE_URL: http://127.0.0.1:8000 -> ("127.0.0.1", 8000)."""
    parts = urlsplit(url)
    return parts.hostname or "localhost", parts.port or (443 if parts.scheme == "https" else 80)


def point_site_at(url: str) -> Site | None:
    """Give the default Wagtail site the hostname and port of `url`, so that the URLs it writes (sitemap,
    canonical links, feeds) agree with SITE_URL and the emails."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    hostname, port = site_address(url)
    if (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save()
    return site


def _home(images) -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(title="Work in care", slug="work-in-care")
        root.add_child(instance=home)
    home.title = "Work in care"
    home.seo_title = "Care jobs in the North East"
    home.search_description = "Find a care job near you across the North East, or start with free training at your local care academy."
    home.hero_heading = "Care is a job that matters"
    home.hero_text = "Find a care job near you across the North East, or start with free training at your local care academy."
    home.hero_image = images["home-hero"]
    home.hero_cta_text = "Find a care job near you"
    home.hero_cta_url = "/jobs/"
    home.share_image = images["home-hero"]
    publish_as_edited(home)
    return home


def _site(home, images) -> None:
    site = Site.objects.filter(is_default_site=True).first()
    old_root = site.root_page if site else None
    hostname, port = site_address(django_settings.SITE_URL)
    if site is None:
        site = Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name="Care Careers North East",
        )
    elif (site.root_page_id, site.hostname, site.port) != (home.pk, hostname, port):
        site.root_page = home
        site.hostname, site.port = hostname, port
        site.site_name = "Care Careers North East"
        site.save()
    if old_root and old_root.pk != home.pk and type(old_root.specific) is Page and old_root.depth == 2:
        old_root.delete()  # Wagtail's placeholder "Welcome" page
    settings = SiteSettings.for_site(site)
    settings.brand_name = "Care Careers North East"
    settings.contact_email = "hello@carecareers.example"
    settings.default_share_image = images["home-hero"]
    settings.save()


def _navigation(home, roles, stories, events, academies, quiz, faq, contact, privacy) -> None:
    site = Site.objects.get(is_default_site=True)
    nav = NavigationSettings.for_site(site)
    role_index = next(iter(roles.values())).get_parent()

    def link(text, page=None, url=""):
        return block("link", {"text": text, "page": page.pk if page else None, "url": url})

    nav.header_links = [
        link("Find a job", url="/jobs/"),
        link("Jobs in care", role_index),
        link("Care academies", academies),
        link("Events", events),
        link("Stories", stories),
        link("Is care for me?", quiz),
    ]
    nav.footer_links = [
        link("Questions", faq),
        link("Contact us", contact),
        link("Privacy and cookies", privacy),
        link("Care jobs by area", url="/areas/"),
        link("News", url="/news/"),
    ]
    nav.social_links = [
        block("social", {"network": "facebook", "url": "https://www.facebook.com/"}),
        block("social", {"network": "instagram", "url": "https://www.instagram.com/"}),
    ]
    nav.save()


def _redirects(home, landings) -> None:
    site = Site.objects.get(is_default_site=True)
    for old_path, slug in [
        ("/homecare", "home-care"),
        ("/newtocare", "new-to-care"),
        ("/nhs", "nhs-home-care-northumberland"),
    ]:
        Redirect.objects.update_or_create(
            old_path=old_path, site=site, defaults={"redirect_page": landings[slug], "is_permanent": False}
        )


def seed_job_search_page(stdout) -> None:
    """The job search page under the home page, at /jobs/ (run after the campaign site exists)."""
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
