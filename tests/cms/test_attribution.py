"""First and last touch follow the visitor in a signed cookie."""

from django.test import RequestFactory

from cms.attribution import COOKIE_NAME, get_attribution


def _attribution_from(client):
    request = RequestFactory().get("/")
    request.COOKIES[COOKIE_NAME] = client.cookies[COOKIE_NAME].value
    return get_attribution(request)


def test_first_visit_from_a_campaign_records_first_and_last_touch(client, home_page):
    client.get("/?utm_source=bus&utm_medium=outdoor&utm_campaign=homecare-2026")

    data = _attribution_from(client)
    assert data["first"]["utm_source"] == "bus"
    assert data["first"]["utm_campaign"] == "homecare-2026"
    assert data["first"]["landing_page"].startswith("/?utm_source=bus")
    assert data["last"] == data["first"]


def test_a_later_campaign_visit_changes_only_the_last_touch(client, home_page):
    client.get("/?utm_source=bus&utm_campaign=homecare-2026")
    client.get("/", HTTP_REFERER="https://www.facebook.com/some/post")

    data = _attribution_from(client)
    assert data["first"]["utm_source"] == "bus"
    assert data["last"]["utm_source"] == ""
    assert data["last"]["referrer_host"] == "www.facebook.com"


def test_internal_clicks_do_not_overwrite_the_last_touch(client, home_page):
    client.get("/?utm_source=radio")
    response = client.get("/", HTTP_REFERER="http://testserver/jobs/")

    assert COOKIE_NAME not in response.cookies  # nothing new to record
    assert _attribution_from(client)["last"]["utm_source"] == "radio"


def test_a_direct_first_visit_is_recorded_as_direct(client, home_page):
    client.get("/")

    data = _attribution_from(client)
    assert data["first"]["utm_source"] == ""
    assert data["first"]["referrer_host"] == ""
    assert data["first"]["landing_page"] == "/"


def test_a_tampered_cookie_is_ignored(client, home_page):
    client.get("/?utm_source=bus")
    client.cookies[COOKIE_NAME] = client.cookies[COOKIE_NAME].value.replace("bus", "xyz") + "tamper"
    request = RequestFactory().get("/?utm_source=poster")
    request.COOKIES[COOKIE_NAME] = client.cookies[COOKIE_NAME].value

    assert get_attribution(request)["first"]["utm_source"] == "poster"


def test_visitors_who_reject_optional_cookies_get_no_attribution_cookie(client, home_page):
    client.cookies["cookie_consent"] = "rejected"

    response = client.get("/?utm_source=bus")

    assert COOKIE_NAME not in response.cookies


def test_hostile_utm_values_are_trimmed_and_stripped_of_control_characters(client, home_page):
    client.get("/?utm_source=" + "a\x00b" + "x" * 5000)

    source = _attribution_from(client)["first"]["utm_source"]
    assert "\x00" not in source
    assert len(source) == 200


def test_rejecting_cookies_after_a_campaign_visit_deletes_the_cookie_and_stops_using_it(client, home_page):
    client.get("/?utm_source=bus&utm_campaign=homecare-2026")
    stored = client.cookies[COOKIE_NAME].value
    assert _attribution_from(client)["first"]["utm_source"] == "bus"

    client.cookies["cookie_consent"] = "rejected"
    response = client.get("/about-nothing/")

    assert response.cookies[COOKIE_NAME].value == ""  # deleted
    request = RequestFactory().get("/")
    request.COOKIES[COOKIE_NAME] = stored
    request.COOKIES["cookie_consent"] = "rejected"
    assert get_attribution(request)["first"]["utm_source"] == ""


def test_an_internal_click_with_a_tampered_or_expired_cookie_starts_again_as_direct(client, home_page):
    """Internal clicks check only the cookie's signature (not its payload's): a cookie that fails it
    is replaced, one that passes is left alone."""
    client.get("/?utm_source=bus")
    kept = client.cookies[COOKIE_NAME].value
    response = client.get("/")
    assert COOKIE_NAME not in response.cookies
    assert client.cookies[COOKIE_NAME].value == kept

    client.cookies[COOKIE_NAME] = kept[:-3] + ("AAA" if not kept.endswith("AAA") else "BBB")
    response = client.get("/")

    assert COOKIE_NAME in response.cookies
    data = _attribution_from(client)
    assert data["first"]["utm_source"] == "" and data["first"]["landing_page"] == "/"
