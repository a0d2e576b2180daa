"""Cookie consent: a banner until the visitor chooses; analytics only after they accept."""

from cms.models import NavigationSettings


def test_banner_shows_until_a_choice_is_made_and_analytics_waits_for_consent(client, site):
    settings = NavigationSettings.for_site(site.home.get_site())
    settings.analytics_enabled = True
    settings.save()

    before = client.get("/").content.decode()
    response = client.post(
        "/cookies/consent/", {"analytics": "yes", "next": "/"}, HTTP_ORIGIN="http://testserver"
    )
    after = client.get("/").content.decode()

    assert "Cookies on this site" in before and "analytics.js" not in before
    assert response.status_code == 302 and response["Location"] == "/"
    assert "Cookies on this site" not in after and "/static/js/analytics.js" in after


def test_rejecting_analytics_hides_the_banner_and_loads_nothing(client, site):
    client.post("/cookies/consent/", {"analytics": "no", "next": "/roles/"}, HTTP_ORIGIN="http://testserver")

    html = client.get("/").content.decode()

    assert client.cookies["cookie_consent"].value == "rejected"
    assert "Cookies on this site" not in html and "analytics.js" not in html


def test_consent_cannot_be_set_from_another_site_or_redirect_away(client, site):
    forged = client.post("/cookies/consent/", {"analytics": "yes"}, HTTP_ORIGIN="https://evil.example")
    offsite = client.post(
        "/cookies/consent/",
        {"analytics": "yes", "next": "https://evil.example/"},
        HTTP_ORIGIN="http://testserver",
    )

    assert forged.status_code == 403
    assert offsite["Location"] == "/"


def test_no_page_loads_anything_from_another_host(client, site):
    for page in (site.home, site.landing, site.role, site.area, site.event):
        html = client.get(page.url).content.decode()
        assert "<iframe" not in html
        for attr in ('src="http', "src='http", 'href="//', 'src="//'):
            assert attr not in html, f"{page.url} loads {attr}"
