"""The campaign cookie's legal basis reads the same in the code and on the demo cookie page."""

import inspect
from html import unescape

from cms import attribution
from cms.attribution import CONSENT_BASIS


def test_demo_cookie_page_states_the_same_basis_as_the_attribution_code(client, home_page):
    from campaign.demo.content import _privacy

    page = _privacy(home_page)
    html = unescape(client.get(page.url).content.decode())

    assert "ccne_attr" in html
    assert CONSENT_BASIS in html
    assert "legitimate interest" not in html.lower()
    docstring = inspect.getdoc(attribution)
    assert "statistical-purposes exception" in docstring and "6(1)(e)" in docstring
    assert "statistical-purposes exception" in CONSENT_BASIS and "6(1)(e)" in CONSENT_BASIS


def test_the_privacy_notice_states_the_campaign_cookies_legal_basis(client, db):
    html = unescape(client.get("/privacy-notice/").content.decode())

    assert "ccne_attr" in html
    assert CONSENT_BASIS in html


def test_an_editor_can_put_the_cookie_basis_on_any_content_page(client, site):
    from campaign.demo import block

    site.content.body = [*site.content.body.raw_data, block("cookie_basis", None)]
    site.content.save_revision().publish()

    html = unescape(client.get(site.content.url).content.decode())

    assert CONSENT_BASIS in html
