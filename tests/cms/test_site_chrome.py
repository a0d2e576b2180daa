"""The site chrome as a visitor sees it on a campaign page: the skip link, the header and its
current link, breadcrumbs, the campaign banner and its schedule, flash messages, the footer, and
editor-entered text shown as text (issue 23.1: the chrome is templates, not Python markup)."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest

from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone
from django.utils.html import escape

from cms.models import CampaignBanner, NavigationSettings, SiteSettings

pytestmark = pytest.mark.django_db


class Links(HTMLParser):
    """Every <a> as (href, text, attributes), and the text inside elements with aria-current."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str, dict]] = []
        self._open: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open.append({"attrs": dict(attrs), "text": ""})

    def handle_data(self, data):
        for link in self._open:
            link["text"] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            link = self._open.pop()
            self.links.append((link["attrs"].get("href"), link["text"].strip(), link["attrs"]))


def links_in(html: str, start: str, end: str) -> list[tuple[str, str, dict]]:
    part = html[html.index(start) : html.index(end, html.index(start))]
    parser = Links()
    parser.feed(part)
    return parser.links


def set_navigation(site, **streams):
    nav = NavigationSettings.for_site(site.home.get_site())
    for name, value in streams.items():
        setattr(nav, name, value)
    nav.save()


def test_header_lists_the_editors_links_and_marks_only_the_page_shown_as_current(client, site):
    settings = SiteSettings.for_site(site.home.get_site())
    settings.brand_name = "Care Careers North East"
    settings.save()
    set_navigation(
        site,
        header_links=[
            ("link", {"text": "Jobs in care", "page": site.role.get_parent()}),
            ("link", {"text": "Find a job", "url": "/jobs/"}),
        ],
    )

    html = client.get(site.role.get_parent().url).content.decode()
    header = links_in(html, '<header class="site-header"', "</header>")

    assert '<a href="#main-content" class="skip-link">Skip to main content</a>' in html
    assert [(href, text) for href, text, _ in header] == [
        ("/", "Care Careers North East"),
        (site.role.get_parent().url, "Jobs in care"),
        ("/jobs/", "Find a job"),
        ("/search/", "Search"),
        ("/accounts/login/", "Sign in"),
    ]
    current = [text for _href, text, attrs in header if attrs.get("aria-current") == "page"]
    assert current == ["Jobs in care"]


def test_header_without_editor_links_offers_find_a_job_search_and_sign_in(client, site):
    html = client.get(site.home.url).content.decode()
    header = links_in(html, '<header class="site-header"', "</header>")

    assert [href for href, _text, _ in header] == ["/", "/jobs/", "/search/", "/accounts/login/"]
    assert not any(attrs.get("aria-current") for _h, _t, attrs in header)
    # Issue 24: a jobseeker finds their account from every page.
    assert "Sign in" in html[: html.index("</header>")]
    assert "Your account" not in html[: html.index("</header>")]


def test_footer_shows_links_social_links_contact_address_and_data_attribution(client, site):
    settings = SiteSettings.for_site(site.home.get_site())
    settings.brand_name = "Care Careers North East"
    settings.contact_email = "hello@carecareers.example"
    settings.save()
    set_navigation(
        site,
        footer_links=[("link", {"text": "Privacy", "url": "/privacy/"})],
        social_links=[("social", {"network": "instagram", "url": "https://instagram.com/ccne"})],
    )

    html = client.get(site.landing.url).content.decode()
    footer = html[html.index('<footer class="site-footer"') : html.index("</footer>")]

    assert [(href, text) for href, text, _ in links_in(html, "<footer", "</footer>")] == [
        ("/not-sure/", "Interested in care but not sure where to start? Tell us"),  # issue 24
        ("/privacy/", "Privacy"),
        ("https://instagram.com/ccne", "Instagram"),
        ("mailto:hello@carecareers.example", "hello@carecareers.example"),
    ]
    assert "Care Careers North East – a campaign by the 12 North East councils" in footer
    assert "Contains OS data © Crown copyright and database right 2025." in footer
    assert "Contains Royal Mail data" in footer and "Contains National Statistics data" in footer


def test_breadcrumbs_lead_from_home_through_the_section_to_the_page(client, site):
    html = client.get(site.role.url).content.decode()
    trail = html[
        html.index('aria-label="Breadcrumb"') : html.index("</nav>", html.index('aria-label="Breadcrumb"'))
    ]

    assert [(href, text) for href, text, _ in links_in(html, 'aria-label="Breadcrumb"', "</nav>")] == [
        ("/", "Home"),
        (site.role.get_parent().url, "Jobs in care"),
    ]
    assert '<li aria-current="page">Care worker</li>' in trail
    assert 'aria-label="Breadcrumb"' not in client.get(site.home.url).content.decode()


def test_campaign_banner_shows_only_while_active_and_scheduled(client, site):
    now = timezone.now()
    CampaignBanner.objects.create(text="Job fair next week", show_from=now + timedelta(days=2))
    CampaignBanner.objects.create(text="Last month's fair", show_until=now - timedelta(days=1))
    CampaignBanner.objects.create(text="Switched off", active=False)

    assert "campaign-banner" not in client.get(site.home.url).content.decode()

    CampaignBanner.objects.create(
        text="Recruitment week", link_url="/jobs/", show_from=now - timedelta(hours=1)
    )
    html = client.get(site.home.url).content.decode()

    assert '<p><strong>Recruitment week</strong> <a href="/jobs/">Find out more</a></p>' in html
    for hidden in ("Job fair next week", "Last month's fair", "Switched off"):
        assert hidden not in html


def test_cookie_banner_returns_the_visitor_to_the_page_they_were_on(client, site):
    html = client.get(site.role.url + "?utm_source=x&a=<b>").content.decode()

    assert 'action="/cookies/consent/"' in html
    assert f'name="next" value="{site.role.url}?utm_source=x&amp;a=%3Cb%3E"' in html

    client.post("/cookies/consent/", {"analytics": "no", "next": "/"}, HTTP_ORIGIN="http://testserver")
    assert "cookie-banner" not in client.get(site.role.url).content.decode()


def test_editor_entered_text_is_shown_as_text_never_run(client, site):
    site.role.title = "Care <script>alert(1)</script> worker"
    site.role.save_revision().publish()
    CampaignBanner.objects.create(
        text="<script>alert(2)</script> fair", link_url="/jobs/", link_text="<b>Go</b>"
    )
    set_navigation(site, header_links=[("link", {"text": "<img src=x onerror=alert(3)>", "url": "/jobs/"})])

    html = client.get(site.role.url).content.decode()

    assert "<script>alert" not in html and "<img src=x" not in html and "<b>Go</b>" not in html
    assert '<li aria-current="page">Care &lt;script&gt;alert(1)&lt;/script&gt; worker</li>' in html
    assert "<strong>&lt;script&gt;alert(2)&lt;/script&gt; fair</strong>" in html
    assert "&lt;img src=x onerror=alert(3)&gt;</a>" in html


def test_flash_messages_are_announced_errors_as_alerts(site):
    request = RequestFactory().get("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    messages.success(request, "Your details were saved")
    messages.error(request, "We could not send <your> email")

    html = render_to_string("base.html", request=request)

    assert (
        '<div class="notification notification--success" role="status">Your details were saved</div>' in html
    )
    assert (
        '<div class="notification notification--error" role="alert">We could not send &lt;your&gt; email</div>'
        in html
    )


def test_body_blocks_show_editor_headings_as_text_and_the_cookie_basis(site):
    from cms.attribution import CONSENT_BASIS
    from cms.blocks import ContentStreamBlock

    block = ContentStreamBlock()
    value = block.to_python(
        [
            {"type": "heading", "value": {"text": "Pay <script>alert(1)</script>", "level": "h3"}},
            {"type": "paragraph", "value": '<p>Hello <a href="/jobs/">jobs</a></p><script>x</script>'},
            {"type": "cookie_basis", "value": None},
        ]
    )

    html = str(block.render(value))

    assert "<h3>Pay &lt;script&gt;alert(1)&lt;/script&gt;</h3>" in html
    assert '<div class="rich-text"><p>Hello <a href="/jobs/">jobs</a></p>' in html and "<script>" not in html
    assert f'<p class="cookie-basis">{escape(CONSENT_BASIS)}</p>' in html
