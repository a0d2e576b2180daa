"""The site chrome on every page (cms.chrome_markup, written by base.html's site_tags): the cookie
banner, the campaign banner, the header, breadcrumbs, flash messages, the footer and the analytics
script, as a visitor sees them in each state; and the same HTML, byte for byte, as the templates
that wrote it before (components/*.html, kept below) in every one of those states."""

import json
from datetime import timedelta

import pytest
import time_machine

from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.template import Engine, RequestContext, engines
from django.template.backends.django import get_installed_libraries
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from campaign.demo import block, child_page, paragraph
from campaign.models import ContentPage
from cms.chrome import current_banner
from cms.consent import consent_state
from cms.models import CampaignBanner, NavigationSettings, SiteSettings
from cms.page_cache import purge_page_cache


def _link(text: str, page=None, url: str = "") -> dict:
    return block("link", {"text": text, "page": page.pk if page else None, "url": url})


@pytest.fixture
def navigation(site):
    nav = NavigationSettings.for_site(site.home.get_site())
    nav.header_links = [
        _link("Find a job", url="/jobs/"),
        _link("Jobs in care", site.roles),
        _link("Stories", site.stories),
    ]
    nav.footer_links = [_link("Questions", site.faq), _link("Care jobs by area", url="/areas/")]
    nav.social_links = [block("social", {"network": "instagram", "url": "https://www.instagram.com/"})]
    nav.save()
    return nav


def _html(client, url: str, **headers) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.content.decode()


# What a visitor sees.


def test_a_visitor_who_has_not_chosen_is_asked_about_cookies_and_comes_back_to_the_same_page(client, site):
    html = _html(client, site.story.url + "?utm_source=bus&ref=<x>")

    assert '<section class="cookie-banner" aria-label="Cookies on this site">' in html
    assert '<form method="post" action="/cookies/consent/" class="cookie-banner__form">' in html
    assert (
        f'<input type="hidden" name="next" value="{site.story.url}?utm_source=bus&amp;ref=%3Cx%3E">' in html
    )
    assert 'name="analytics" value="yes">Accept analytics cookies</button>' in html
    assert 'name="analytics" value="no">Reject analytics cookies</button>' in html


@pytest.mark.parametrize(
    ("choice", "analytics_on", "banner_shown", "script_loaded"),
    [
        ("", True, True, False),
        ("accepted", True, False, True),
        ("accepted", False, False, False),
        ("rejected", True, False, False),
        ("made-up", True, True, False),  # not a choice the site made: asked again
    ],
)
def test_the_cookie_banner_and_analytics_follow_the_visitors_choice(
    client, site, choice, analytics_on, banner_shown, script_loaded
):
    nav = NavigationSettings.for_site(site.home.get_site())
    nav.analytics_enabled = analytics_on
    nav.save()
    if choice:
        client.cookies["cookie_consent"] = choice

    html = _html(client, site.role.url)

    assert ("Cookies on this site" in html) is banner_shown
    assert ('<script src="/static/js/analytics.js" defer></script>' in html) is script_loaded
    assert '<script src="/static/js/nav.js" defer></script>' in html


def test_an_editors_markup_in_the_navigation_banner_and_brand_is_shown_as_text(client, site, navigation):
    navigation.header_links = [_link("<script>alert(1)</script>", url='/jobs/?a=1&b="2"')]
    navigation.footer_links = [_link("Q & <b>A</b>", url="/questions/")]
    navigation.save()
    settings = SiteSettings.for_site(site.home.get_site())
    settings.brand_name = "Care <em>North</em> & East"
    settings.contact_email = "team@example.org"
    settings.save()
    CampaignBanner.objects.create(
        text="<script>x()</script> fair", link_text="<i>Book</i>", link_url="/e?a=1&b=2"
    )

    html = _html(client, "/")

    assert "<script>alert(1)</script>" not in html and "<script>x()</script>" not in html
    assert (
        '<li><a href="/jobs/?a=1&amp;b=&quot;2&quot;">&lt;script&gt;alert(1)&lt;/script&gt;</a></li>' in html
    )
    assert '<li><a href="/questions/">Q &amp; &lt;b&gt;A&lt;/b&gt;</a></li>' in html
    assert (
        "<p><strong>&lt;script&gt;x()&lt;/script&gt; fair</strong> "
        '<a href="/e?a=1&amp;b=2">&lt;i&gt;Book&lt;/i&gt;</a></p>' in html
    )
    assert "</span>Care &lt;em&gt;North&lt;/em&gt; &amp; East</a>" in html
    assert "<p>Care &lt;em&gt;North&lt;/em&gt; &amp; East – a campaign by the 12 North East councils" in html
    assert '<p>Email <a href="mailto:team@example.org">team@example.org</a></p>' in html


def test_the_header_links_each_page_and_marks_the_one_being_read(client, site, navigation):
    html = _html(client, site.stories.url)

    assert '<nav aria-label="Main" class="site-nav" data-site-nav>' in html
    assert 'aria-controls="site-nav-list" aria-expanded="false" hidden>Menu</button>' in html
    assert '<li><a href="/jobs/">Find a job</a></li>' in html
    assert f'<li><a href="{site.roles.url}">Jobs in care</a></li>' in html
    assert f'<li><a href="{site.stories.url}" aria-current="page">Stories</a></li>' in html
    assert html.count('aria-current="page"') == 2  # the header link and the breadcrumb
    assert '<li><a href="/search/">Search</a></li>' in html


def test_without_navigation_the_header_still_offers_jobs_and_search(client, site):
    html = _html(client, "/")

    assert '<li><a href="/jobs/">Find a job</a></li>' in html
    assert '<li><a href="/search/">Search</a></li>' in html
    assert '<nav aria-label="Footer">' not in html and 'aria-label="Follow us"' not in html


def test_a_signed_in_visitor_sees_the_same_header_and_footer(client, site, navigation, jobseeker):
    anonymous = _html(client, site.role.url)
    client.force_login(jobseeker)
    signed_in = _html(client, site.role.url)

    def chrome(html: str) -> tuple[str, str]:
        header = html[html.index('<header class="site-header">') : html.index("</header>")]
        footer = html[html.index('<footer class="site-footer">') : html.index("</footer>")]
        return header, footer

    assert chrome(signed_in) == chrome(anonymous)
    assert f'<a href="{site.roles.url}">Jobs in care</a>' in chrome(signed_in)[0]


def test_the_footer_shows_its_links_social_links_and_small_print(client, site, navigation):
    html = _html(client, "/")

    assert '<nav aria-label="Footer">' in html
    assert (
        f'<li><a href="{site.faq.url}">Questions</a></li><li><a href="/areas/">Care jobs by area</a></li>'
        in html
    )
    assert '<ul class="site-footer__social" aria-label="Follow us">' in html
    assert '<li><a href="https://www.instagram.com/" rel="noopener">Instagram</a></li>' in html
    assert "Contains OS data © Crown copyright and database right 2025." in html


def test_breadcrumbs_lead_from_home_through_each_section_to_the_page(client, site):
    section = child_page(site.home, ContentPage, "about", title="About care", body=[paragraph("<p>A</p>")])
    middle = child_page(section, ContentPage, "pay", title="Pay & <conditions>", body=[paragraph("<p>B</p>")])
    deepest = child_page(middle, ContentPage, "sick-pay", title="Sick pay", body=[paragraph("<p>C</p>")])

    home, top, story, deep = (_html(client, url) for url in ("/", section.url, site.story.url, deepest.url))

    assert 'aria-label="Breadcrumb"' not in home
    assert '<li><a href="/">Home</a></li>\n    \n    <li aria-current="page">About care</li>' in top
    assert (
        f'<li><a href="/">Home</a></li>\n    <li><a href="{site.stories.url}">Stories</a></li>\n'
        '    <li aria-current="page">Amira&#x27;s story</li>' in story
    )
    assert (
        f'<li><a href="{section.url}">About care</a></li>'
        f'<li><a href="{middle.url}">Pay &amp; &lt;conditions&gt;</a></li>\n'
        '    <li aria-current="page">Sick pay</li>' in deep
    )


def test_flash_messages_are_announced_errors_as_alerts_and_the_rest_as_status(client, site, jobseeker):
    client.force_login(jobseeker)
    agreed = client.post(reverse("candidate:referral-consent"), {"agree": "yes"}, follow=True)
    unanswered = client.post(reverse("candidate:referral-consent"), {}, follow=True)
    after = _html(client, reverse("candidate:dashboard"))

    assert (
        '<div class="notification notification--success" role="status">Thank you. Organisations helping you '
        "can now refer you to others.</div>" in agreed.content.decode()
    )
    assert (
        '<div class="notification notification--error" role="alert">Choose whether organisations may refer '
        "you.</div>" in unanswered.content.decode()
    )
    assert "notification--" not in after  # shown once


def test_a_scheduled_campaign_banner_shows_only_between_its_dates(client, site):
    now = timezone.now()
    CampaignBanner.objects.create(
        text="Jobs fair on Saturday", show_from=now + timedelta(days=1), show_until=now + timedelta(days=2)
    )

    before = _html(client, "/")
    with time_machine.travel(now + timedelta(days=1, hours=1)):
        cache.clear()  # a day on, the five-minute chrome and the cached pages have expired (Redis keeps real time)
        client.cookies["cookie_consent"] = "rejected"  # another cached copy
        during = _html(client, "/")
    with time_machine.travel(now + timedelta(days=3)):
        cache.clear()
        client.cookies["cookie_consent"] = "accepted"
        after = _html(client, "/")

    assert "Jobs fair on Saturday" not in before and "Jobs fair on Saturday" not in after
    assert '<div class="campaign-banner">' in during
    assert "<p><strong>Jobs fair on Saturday</strong></p>" in during  # no link: no "Find out more"


def test_a_banner_link_without_its_own_words_says_find_out_more(client, site):
    CampaignBanner.objects.create(text="Care week", link_url="/events/")

    assert '<strong>Care week</strong> <a href="/events/">Find out more</a></p>' in _html(client, "/")


def test_the_not_found_page_has_the_site_chrome(client, site, navigation):
    response = client.get("/no-such-page/")
    html = response.content.decode()

    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in html
    assert '<header class="site-header">' in html and '<footer class="site-footer">' in html
    assert "Cookies on this site" in html and 'aria-label="Breadcrumb"' not in html
    assert f'<li><a href="{site.stories.url}">Stories</a></li>' in html


# The same HTML as the templates wrote, byte for byte (components/*.html and base.html's lines
# before the chrome was written in Python; the consent and the banner were read by template tags
# that went with them, and are given in the context here).
OLD = {
    "chrome.html": """{% load static %}  {% include "components/cookie_banner.html" %}
  {% include "components/campaign_banner.html" %}
  {% block header %}{% include "components/header.html" %}{% endblock %}
  {% block breadcrumbs %}{% if page and page.depth > 2 %}{% include "components/breadcrumbs.html" %}{% endif %}{% endblock %}
  <main id="main-content" tabindex="-1">
    {% include "components/messages.html" %}
    {% block content %}{% endblock %}
  </main>
  {% block footer %}{% include "components/footer.html" %}{% endblock %}
  {% if consent == "accepted" and settings.cms.NavigationSettings.analytics_enabled %}<script src="{% static 'js/analytics.js' %}" defer></script>{% endif %}
""",
    "components/cookie_banner.html": """{% if not consent %}
<section class="cookie-banner" aria-label="Cookies on this site">
  <div class="container">
    <h2 class="cookie-banner__heading">Cookies on this site</h2>
    <p>We use essential cookies to make this site work. We'd also like to use analytics cookies to understand how you use the site, so we can improve it. Nothing is shared with other companies.</p>
    <form method="post" action="{% url 'cookie-consent' %}" class="cookie-banner__form">
      <input type="hidden" name="next" value="{{ request.get_full_path }}">
      <button class="button" type="submit" name="analytics" value="yes">Accept analytics cookies</button>
      <button class="button button--secondary" type="submit" name="analytics" value="no">Reject analytics cookies</button>
    </form>
  </div>
</section>
{% endif %}
""",
    "components/campaign_banner.html": """{% if banner %}
<div class="campaign-banner">
  <div class="container">
    <p><strong>{{ banner.text }}</strong>{% if banner.link_url %} <a href="{{ banner.link_url }}">{% firstof banner.link_text "Find out more" %}</a>{% endif %}</p>
  </div>
</div>
{% endif %}
""",
    "components/header.html": """{% load wagtailsettings_tags %}
<header class="site-header">
  <div class="container site-header__inner">
    <a class="site-header__brand" href="/"><span class="site-header__mark" aria-hidden="true"></span>{{ settings.cms.SiteSettings.brand_name }}</a>
    <nav aria-label="Main" class="site-nav" data-site-nav>
      <button type="button" class="site-nav__toggle" aria-controls="site-nav-list" aria-expanded="false" hidden>Menu</button>
      <ul class="site-nav__list" id="site-nav-list">
        {% with links=settings.cms.NavigationSettings.header_links %}
        {% if links %}
          {% for link in links %}<li><a href="{{ link.href }}"{% if request.path == link.href %} aria-current="page"{% endif %}>{{ link.text }}</a></li>{% endfor %}
        {% else %}
          <li><a href="/jobs/">Find a job</a></li>
        {% endif %}
        {% endwith %}
        <li><a href="/search/">Search</a></li>
      </ul>
    </nav>
  </div>
</header>
""",
    "components/breadcrumbs.html": """<nav class="breadcrumbs container" aria-label="Breadcrumb">
  <ol class="breadcrumbs__list">
    <li><a href="/">Home</a></li>
    {% for crumb in page.breadcrumbs %}<li><a href="{{ crumb.url }}">{{ crumb.title }}</a></li>{% endfor %}
    <li aria-current="page">{{ page.title }}</li>
  </ol>
</nav>
""",
    "components/messages.html": """{% if messages %}
<div class="container">
  {% for message in messages %}
    <div class="notification notification--{{ message.tags|default:'info' }}" role="{% if message.level >= 40 %}alert{% else %}status{% endif %}">{{ message }}</div>
  {% endfor %}
</div>
{% endif %}
""",
    "components/footer.html": """{% load wagtailsettings_tags wagtailcore_tags %}
<footer class="site-footer">
  <div class="container">
    {% with nav=settings.cms.NavigationSettings %}
    {% if nav.footer_links %}
    <nav aria-label="Footer">
      <ul class="site-footer__links">
        {% for link in nav.footer_links %}<li><a href="{{ link.href }}">{{ link.text }}</a></li>{% endfor %}
      </ul>
    </nav>
    {% endif %}
    {% if nav.social_links %}
    <ul class="site-footer__social" aria-label="Follow us">
      {% for link in nav.social_links %}<li><a href="{{ link.url }}" rel="noopener">{{ link.network|capfirst }}</a></li>{% endfor %}
    </ul>
    {% endif %}
    {% endwith %}
    <p>{{ settings.cms.SiteSettings.brand_name }} – a campaign by the 12 North East councils to recruit adult social care staff.</p>
    {% if settings.cms.SiteSettings.contact_email %}<p>Email <a href="mailto:{{ settings.cms.SiteSettings.contact_email }}">{{ settings.cms.SiteSettings.contact_email }}</a></p>{% endif %}
    <p class="site-footer__small">Contains OS data © Crown copyright and database right 2025. Contains Royal Mail data © Royal Mail copyright and database right 2025. Contains National Statistics data © Crown copyright and database right 2025.</p>
  </div>
</footer>
""",
}
# base.html's lines now.
NOW = """{% load site_tags %}{% load_site_settings %}  {% cookie_banner %}
  {% campaign_banner %}
  {% block header %}{% site_header %}{% endblock %}
  {% block breadcrumbs %}{% site_breadcrumbs %}{% endblock %}
  <main id="main-content" tabindex="-1">
    {% site_messages %}
    {% block content %}{% endblock %}
  </main>
  {% block footer %}{% site_footer %}{% endblock %}
  {% analytics_script %}
"""


def _old_engine() -> Engine:
    django_engine = engines["django"].engine
    return Engine(
        loaders=[("django.template.loaders.locmem.Loader", OLD)],
        context_processors=django_engine.context_processors,
        libraries=get_installed_libraries(),
    )


def _request(url: str, *, consent: str = "", messages=()):
    request = RequestFactory().get(url, HTTP_HOST="localhost")
    if consent:
        request.COOKIES["cookie_consent"] = consent
    request._messages = CookieStorage(request)
    for level, text, tags in messages:
        request._messages.add(level, text, tags)
    return request


def _same_as_before(url: str, page=None, **request_kwargs) -> str:
    """The chrome written now, after checking it is what the old templates wrote."""
    old = _old_engine().from_string('{% load site_tags %}{% load_site_settings %}{% include "chrome.html" %}')
    before_request = _request(url, **request_kwargs)
    before = old.render(
        RequestContext(
            before_request,
            {"page": page, "consent": consent_state(before_request), "banner": current_banner()},
        )
    )
    now = engines["django"].from_string(NOW).render({"page": page}, _request(url, **request_kwargs))
    assert now == before
    return now


def test_the_chrome_is_what_the_templates_wrote_in_each_consent_and_analytics_state(site, navigation):
    for analytics_on in (False, True):
        navigation.analytics_enabled = analytics_on
        navigation.save()
        for consent in ("", "accepted", "rejected", "unknown"):
            html = _same_as_before('/roles/?q="care"&x=<1>', site.roles, consent=consent)
            assert ("analytics.js" in html) is (analytics_on and consent == "accepted")


def test_the_chrome_is_what_the_templates_wrote_with_and_without_navigation_and_settings(site, navigation):
    _same_as_before("/", site.home)
    _same_as_before(site.roles.url, site.roles)  # a current header link
    navigation.header_links = [_link("<b>Jobs</b> & more", url='/jobs/?a="1"&b=2')]
    navigation.footer_links = []
    navigation.social_links = [
        block("social", {"network": "youtube", "url": "https://www.youtube.com/@a?b=1&c=2"}),
        block("social", {"network": "x", "url": "https://x.com/"}),
    ]
    navigation.save()
    settings = SiteSettings.for_site(site.home.get_site())
    settings.brand_name = "<Care> & 'Careers'"
    settings.contact_email = "o'neil&co@example.org"
    settings.save()
    assert "&lt;b&gt;Jobs" in _same_as_before("/jobs/?a=%221%22&b=2", None)
    NavigationSettings.objects.all().delete()
    SiteSettings.objects.all().delete()
    _same_as_before("/", site.home)


def test_the_chrome_is_what_the_templates_wrote_for_each_banner(site):
    now = timezone.now()
    banners = [
        {"text": "Care week"},
        {"text": "Care week", "link_url": "/events/"},
        {"text": "<b>Care</b> & week", "link_url": '/e/?a=1&b="2"', "link_text": "Book <now>"},
        {"text": "Later", "show_from": now + timedelta(days=1)},
        {"text": "Over", "show_until": now - timedelta(days=1)},
        {"text": "Switched off", "active": False},
    ]
    for fields in banners:
        CampaignBanner.objects.all().delete()
        CampaignBanner.objects.create(**fields)
        html = _same_as_before("/", site.home)
        assert ('<div class="campaign-banner">' in html) is (
            fields["text"] not in {"Later", "Over", "Switched off"}
        )


def test_the_chrome_is_what_the_templates_wrote_at_every_depth(site):
    section = child_page(
        site.home, ContentPage, "about", title="About & <care>", body=[paragraph("<p>A</p>")]
    )
    middle = child_page(section, ContentPage, "pay", title="Pay", body=[paragraph("<p>B</p>")])
    deepest = child_page(middle, ContentPage, "sick-pay", title="Sick 'pay'", body=[paragraph("<p>C</p>")])
    for page in (None, site.home, site.stories, site.story, section, middle, deepest):
        url = page.url if page else "/jobs/"
        html = _same_as_before(url, page)
        assert ('aria-label="Breadcrumb"' in html) is (page is not None and page.depth > 2)


def test_the_chrome_is_what_the_templates_wrote_with_messages(site):
    messages = [
        (constants.INFO, "Saved.", ""),
        (constants.SUCCESS, "You applied & <we> will reply.", ""),
        (constants.WARNING, "Check this", "extra"),
        (constants.ERROR, mark_safe("Choose <strong>one</strong>."), ""),
        (constants.DEBUG, "Not shown", ""),
    ]
    html = _same_as_before(site.role.url, site.role, messages=messages)
    assert 'role="alert">Choose <strong>one</strong>.</div>' in html
    assert "Not shown" not in html
    assert _same_as_before(site.role.url, site.role, messages=[]).count("notification") == 0


def test_with_the_production_manifest_storage_pages_link_the_hashed_files(client, site, tmp_path, settings):
    """The chrome's files are looked up once per process; under ManifestStaticFilesStorage (as in
    production) that must still be the hashed name from the manifest, and a new storage is asked
    again."""
    hashed = {
        "css/site.css": "css/site.1a2b3c.css",
        "img/favicon.svg": "img/favicon.4d5e6f.svg",
        "js/nav.js": "js/nav.7a8b9c.js",
        "js/analytics.js": "js/analytics.0d1e2f.js",
    }
    (tmp_path / "staticfiles.json").write_text(json.dumps({"version": "1.1", "hash": "x", "paths": hashed}))
    nav = NavigationSettings.for_site(site.home.get_site())
    nav.analytics_enabled = True
    nav.save()
    client.cookies["cookie_consent"] = "accepted"
    plain = _html(client, site.content.url)

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    purge_page_cache()
    first, again = _html(client, site.content.url), _html(client, site.role.url)

    assert '<link rel="stylesheet" href="/static/css/site.css">' in plain
    for html in (first, again):
        assert '<link rel="stylesheet" href="/static/css/site.1a2b3c.css">' in html
        assert '<link rel="icon" href="/static/img/favicon.4d5e6f.svg" type="image/svg+xml">' in html
        assert '<script src="/static/js/nav.7a8b9c.js" defer></script>' in html
        assert '<script src="/static/js/analytics.0d1e2f.js" defer></script>' in html


def test_the_header_and_footer_kept_with_the_chrome_are_what_the_settings_write(site, navigation):
    """With {% load_site_settings %} the header and footer come written from the chrome cache
    (SiteMarkup); without it the tags write them from Wagtail's settings: the same HTML."""
    tags = "{% site_header %}{% site_footer %}"
    for url in (site.roles.url, "/", "/jobs/"):
        kept = engines["django"].from_string("{% load site_tags %}{% load_site_settings %}" + tags)
        written = engines["django"].from_string("{% load site_tags %}" + tags)
        html = kept.render({}, _request(url))
        assert html == written.render({}, _request(url))
        assert ("aria-current" in html) is (url != "/")
