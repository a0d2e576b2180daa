"""The site chrome every page shows, written in Python: the cookie banner, the campaign banner,
the header, the breadcrumbs, flash messages, the footer and the analytics script.

Each piece was a template partial that base.html included (components/cookie_banner.html,
campaign_banner.html, header.html, breadcrumbs.html, messages.html, footer.html): six includes,
a context push each, and some forty variable lookups through the settings proxy, on every page.
Here each piece is a function of the values it shows, taken from the cached chrome (cms.chrome:
site settings, `Navigation`, the banner), the request and the page, with every value escaped as
the template escaped it (`cms.markup.escaped`), so the HTML is the same byte for byte, down to the
template's blank lines (tests/cms/test_chrome_markup.py renders the old templates and compares).

base.html writes them with the tags in cms/templatetags/site_tags.py (`{% cookie_banner %}`,
`{% campaign_banner %}`, `{% site_header %}`, `{% site_breadcrumbs %}`, `{% site_messages %}`,
`{% site_footer %}`, `{% analytics_script %}`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import capfirst
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse

from cms.chrome import Navigation
from cms.markup import escaped as _e

CURRENT = ' aria-current="page"'
FOOTER_SMALL_PRINT = (
    "Contains OS data © Crown copyright and database right 2025. "
    "Contains Royal Mail data © Royal Mail copyright and database right 2025. "
    "Contains National Statistics data © Crown copyright and database right 2025."
)


@functools.cache
def static_url(path: str) -> str:
    """`{% static path %}` for the chrome's own files (the stylesheet, the icon, the scripts),
    worked out once per process: the storage's answer for a path is fixed while the process runs
    (ManifestStaticFilesStorage, in production, reads its manifest once, when it is made), and
    `{% static %}` asks the app registry and the storage again on every page. Settings changed in
    tests clear it (below)."""
    return static(path)


@functools.cache
def _consent_url(script_prefix: str, urlconf) -> str:
    return reverse("cookie-consent", urlconf=urlconf)


def consent_url() -> str:
    """`{% url 'cookie-consent' %}`, reversed once per script prefix and URLconf."""
    return _consent_url(get_script_prefix(), get_urlconf())


@receiver(setting_changed)
def _forget_urls(*, setting: str, **_kwargs) -> None:
    if setting in {"STORAGES", "STATIC_URL", "STATIC_ROOT", "DEBUG", "INSTALLED_APPS", "ROOT_URLCONF"}:
        static_url.cache_clear()
        _consent_url.cache_clear()


def cookie_banner(consent: str, next_path: str, action: str) -> str:
    """The banner asking about analytics cookies, until the visitor has chosen (`consent`: '',
    'accepted' or 'rejected'). `next_path`: where the form returns to; `action`: the consent
    view's URL (`consent_url()`)."""
    if consent:
        return "\n"
    return (
        "\n"
        '<section class="cookie-banner" aria-label="Cookies on this site">\n'
        '  <div class="container">\n'
        '    <h2 class="cookie-banner__heading">Cookies on this site</h2>\n'
        "    <p>We use essential cookies to make this site work. We'd also like to use analytics "
        "cookies to understand how you use the site, so we can improve it. Nothing is shared with "
        "other companies.</p>\n"
        f'    <form method="post" action="{_e(action)}" class="cookie-banner__form">\n'
        f'      <input type="hidden" name="next" value="{_e(next_path)}">\n'
        '      <button class="button" type="submit" name="analytics" value="yes">Accept analytics cookies</button>\n'
        '      <button class="button button--secondary" type="submit" name="analytics" value="no">'
        "Reject analytics cookies</button>\n"
        "    </form>\n"
        "  </div>\n"
        "</section>\n"
        "\n"
    )


def campaign_banner(banner) -> str:
    """The current campaign banner (a `CampaignBanner`, or None)."""
    if not banner:
        return "\n"
    link = ""
    if banner.link_url:
        link = f' <a href="{_e(banner.link_url)}">{_e(banner.link_text) if banner.link_text else "Find out more"}</a>'
    return (
        "\n"
        '<div class="campaign-banner">\n'
        '  <div class="container">\n'
        f"    <p><strong>{_e(banner.text)}</strong>{link}</p>\n"
        "  </div>\n"
        "</div>\n"
        "\n"
    )


def site_header(brand_name: str, nav: Navigation, path: str | None) -> str:
    """The brand and the main navigation; the link to `path` (the page shown) is marked current."""
    return SiteMarkup.header_parts(brand_name, nav).header(path)


def breadcrumbs(ancestors: Iterable, title: str) -> str:
    """The trail from the home page through a page's ancestors below it (`page.breadcrumbs`) to the
    page (its `title`)."""
    crumbs = "".join(f'<li><a href="{_e(crumb.url)}">{_e(crumb.title)}</a></li>' for crumb in ancestors)
    return (
        '<nav class="breadcrumbs container" aria-label="Breadcrumb">\n'
        '  <ol class="breadcrumbs__list">\n'
        '    <li><a href="/">Home</a></li>\n'
        f"    {crumbs}\n"
        f'    <li aria-current="page">{_e(title)}</li>\n'
        "  </ol>\n"
        "</nav>\n"
    )


def flash_messages(messages: Iterable) -> str:
    """Django's messages for the visitor (iterating marks them shown, as the template did)."""
    if not messages:
        return "\n"
    notes = "".join(
        f'\n    <div class="notification notification--{_e(message.tags or "info")}" '
        f'role="{"alert" if message.level >= 40 else "status"}">{_e(str(message))}</div>\n  '
        for message in messages
    )
    return f'\n<div class="container">\n  {notes}\n</div>\n\n'


def site_footer(brand_name: str, contact_email: str, nav: Navigation) -> str:
    """Footer links, social links, the campaign line, the contact address and the data notices."""
    out = ['\n<footer class="site-footer">\n  <div class="container">\n    \n    ']
    if nav.footer_links:
        links = "".join(
            f'<li><a href="{_e(link.href)}">{_e(link.text)}</a></li>' for link in nav.footer_links
        )
        out.append(
            '\n    <nav aria-label="Footer">\n'
            '      <ul class="site-footer__links">\n'
            f"        {links}\n"
            "      </ul>\n"
            "    </nav>\n    "
        )
    out.append("\n    ")
    if nav.social_links:
        links = "".join(
            f'<li><a href="{_e(link.url)}" rel="noopener">{_e(capfirst(link.network))}</a></li>'
            for link in nav.social_links
        )
        out.append(
            f'\n    <ul class="site-footer__social" aria-label="Follow us">\n      {links}\n    </ul>\n    '
        )
    email = (
        f'<p>Email <a href="mailto:{_e(contact_email)}">{_e(contact_email)}</a></p>' if contact_email else ""
    )
    out.append(
        "\n    \n"
        f"    <p>{_e(brand_name)} – a campaign by the 12 North East councils to recruit adult social care "
        "staff.</p>\n"
        f"    {email}\n"
        f'    <p class="site-footer__small">{FOOTER_SMALL_PRINT}</p>\n'
        "  </div>\n"
        "</footer>\n"
    )
    return "".join(out)


@dataclass(frozen=True)
class SiteMarkup:
    """A site's header and footer written ahead, kept with its settings in the chrome cache
    (cms.chrome.cached_settings): they change only when the settings or navigation do, which purges
    the chrome. All a page adds is the header link marked current.

    `header_links` holds, per header link, its href and its markup before and after the
    ` aria-current` a current link gets."""

    header_start: str
    header_links: tuple[tuple[str, str, str], ...]
    header_end: str
    footer: str

    @classmethod
    def header_parts(cls, brand_name: str, nav: Navigation, footer: str = "") -> SiteMarkup:
        links = tuple(
            (link.href, f'<li><a href="{_e(link.href)}"', f">{_e(link.text)}</a></li>")
            for link in nav.header_links
        )
        start = (
            "\n"
            '<header class="site-header">\n'
            '  <div class="container site-header__inner">\n'
            '    <a class="site-header__brand" href="/"><span class="site-header__mark" aria-hidden="true"></span>'
            f"{_e(brand_name)}</a>\n"
            '    <nav aria-label="Main" class="site-nav" data-site-nav>\n'
            '      <button type="button" class="site-nav__toggle" aria-controls="site-nav-list" '
            'aria-expanded="false" hidden>Menu</button>\n'
            '      <ul class="site-nav__list" id="site-nav-list">\n'
            "        \n        "
        )
        if links:
            start += "\n          "
            end = "\n        "
        else:
            start += '\n          <li><a href="/jobs/">Find a job</a></li>\n        '
            end = ""
        end += (
            "\n        \n"
            '        <li><a href="/search/">Search</a></li>\n'
            "      </ul>\n"
            "    </nav>\n"
            "  </div>\n"
            "</header>\n"
        )
        return cls(start, links, end, footer)

    @classmethod
    def for_site(cls, brand_name: str, contact_email: str, nav: Navigation) -> SiteMarkup:
        return cls.header_parts(brand_name, nav, site_footer(brand_name, contact_email, nav))

    def header(self, path: str | None) -> str:
        """`site_header` for a page at `path`."""
        links = "".join(
            f"{before}{CURRENT if path == href else ''}{after}" for href, before, after in self.header_links
        )
        return f"{self.header_start}{links}{self.header_end}"


def analytics_script(consent: str, nav: Navigation) -> str:
    """The site's analytics script, only for a visitor who accepted analytics cookies and only when
    analytics are switched on."""
    if consent == "accepted" and nav.analytics_enabled:
        return f'<script src="{_e(static_url("js/analytics.js"))}" defer></script>'
    return ""
