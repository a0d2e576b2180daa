"""A NUL character (%00) in a search or filter is a clear message or no results, never a 500:
PostgreSQL text can't hold one, so it must not reach a query."""

import pytest

pytestmark = pytest.mark.django_db

PUBLIC_URLS = [
    "/search/?q=%00",
    "/search/?q=care%00home",
    "/search/?q=care&page=%00",
    "/jobs/?q=%00",
    "/jobs/?q=care%00",
    "/jobs/?postcode=NE1%004ST",
    "/jobs/?postcode=NE1+4ST&radius=%00",
    "/jobs/?council=%00",
    "/jobs/?min_pay=%00",
    "/jobs/?sort=%00",
    "/jobs/?role=%00&area=%00&kind=%00",
    "/find-your-academy/?postcode=%00",
    "/jobs/?utm_source=%00",
    "/?utm_campaign=%00",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_a_nul_character_in_a_public_search_is_not_a_server_error(client, home_page, url):
    response = client.get(url)

    assert response.status_code in (200, 400), response.status_code


def test_site_search_with_a_nul_character_says_so_and_shows_no_results(client, home_page):
    response = client.get("/search/?q=%00")

    page = response.content.decode()
    assert response.status_code == 400
    assert "Search words can only contain letters, numbers and punctuation" in page


@pytest.mark.parametrize(
    "url",
    [
        "/recruit/vacancies/?status=%00",
        "/recruit/enquiries/?q=%00",
    ],
)
def test_a_nul_character_in_a_recruiter_filter_is_not_a_server_error(client, home_page, recruiter_a, url):
    client.force_login(recruiter_a)

    response = client.get(url)

    assert response.status_code in (200, 302, 400, 404), response.status_code
