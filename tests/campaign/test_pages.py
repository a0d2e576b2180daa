"""Every page type renders what a visitor needs, and the page tree rules hold."""

import pytest

from campaign.models import (
    AcademyPage,
    AreaPage,
    CampaignLandingPage,
    EventPage,
    HomePage,
    RoleIndexPage,
    RoleProfilePage,
    StoryPage,
)


@pytest.mark.parametrize(
    ("attr", "expected"),
    [
        ("home", "Find a care job near you"),
        ("landing", "Home care on your doorstep"),
        ("roles", "Care worker"),
        ("role", "Help with daily living."),
        ("stories", "I make someone"),
        ("story", "Amira started in care at 40."),
        ("events", "Newcastle jobs fair"),
        ("event", "Register for this event"),
        ("areas", "Newcastle upon Tyne"),
        ("area", "The city has lots of care jobs."),
        ("academies", "Newcastle Care Academy"),
        ("academy", "Two weeks, Care Certificate."),
        ("faq", "Do I need qualifications?"),
        ("news", "Care Week fairs"),
        ("article", "Come along."),
        ("contact", "Your message"),
        ("quiz", "Have you worked in care before?"),
        ("content", "Your data."),
    ],
)
def test_each_page_type_renders_its_content(client, site, attr, expected):
    response = client.get(getattr(site, attr).url)

    assert response.status_code == 200
    assert expected in response.content.decode()


def test_pages_have_a_title_breadcrumbs_and_one_h1(client, site):
    html = client.get(site.role.url).content.decode()

    assert "<title>Care worker | " in html
    assert 'aria-label="Breadcrumb"' in html
    assert '<a href="/roles/">Jobs in care</a>' in html
    assert html.count("<h1") == 1


def test_page_tree_rules_keep_pages_in_their_place(site):
    assert not RoleProfilePage.can_create_at(site.home)
    assert RoleProfilePage.can_create_at(site.roles)
    assert not StoryPage.can_create_at(site.roles)
    assert not EventPage.can_create_at(site.home)
    assert not AreaPage.can_create_at(site.academies)
    assert not AcademyPage.can_create_at(site.areas)
    assert CampaignLandingPage.can_create_at(site.home)
    assert not HomePage.can_create_at(site.home)
    assert not RoleIndexPage.can_create_at(site.home), "only one role index"


def test_role_page_shows_pay_from_live_vacancies_and_live_jobs(client, site):
    html = client.get(site.role.url).content.decode()

    assert "£12.60 to £13.20 an hour" in html
    assert "Day care assistant" in html


def test_role_page_shows_nhs_afc_band_pay(client, site, care_worker_role):
    from ats.models import AfcPayPoint
    from tests.factories import OrganisationFactory, VacancyFactory

    AfcPayPoint.objects.create(financial_year="2025/26", band="3", point="entry", annual_salary=24937)
    AfcPayPoint.objects.create(
        financial_year="2025/26", band="3", point="top", annual_salary=26598, years_in_band_from=2
    )
    VacancyFactory(
        organisation=OrganisationFactory(nhs=True),
        role=care_worker_role,
        afc_band="3",
        pay_min=None,
        pay_max=None,
        pay_period="year",
    )

    html = client.get(site.role.url).content.decode()

    assert "NHS Band 3: £24,937 to £26,598 a year" in html


def test_role_page_shows_each_afc_band_its_live_jobs_use_once_at_the_latest_years_pay(
    client, site, care_worker_role
):
    from ats.models import AfcPayPoint
    from tests.factories import OrganisationFactory, VacancyFactory

    for year, band, low, high in [
        ("2024/25", "3", 23615, 25147), ("2025/26", "3", 24937, 26598), ("2025/26", "4", 27485, 30162),
        ("2025/26", "5", 31049, 37796),
    ]:  # fmt: skip
        AfcPayPoint.objects.create(financial_year=year, band=band, point="entry", annual_salary=low)
        AfcPayPoint.objects.create(financial_year=year, band=band, point="top", annual_salary=high)
    trust = OrganisationFactory(nhs=True)
    for band in ["3", "4", "4"]:
        VacancyFactory(organisation=trust, role=care_worker_role, afc_band=band, pay_min=None, pay_max=None)
    VacancyFactory(organisation=trust, role=care_worker_role, afc_band="5", status="closed")

    html = client.get(site.role.url).content.decode()

    assert html.count("NHS Band 4: £27,485 to £30,162 a year") == 1
    assert "NHS Band 3: £24,937 to £26,598 a year" in html and "£23,615" not in html
    assert "NHS Band 5" not in html  # only a closed job uses it
    assert "£12.60 to £13.20 an hour" in html  # the hourly range still comes from the same jobs


def test_role_page_without_live_jobs_says_so(client, site):
    site.vacancy.status = "closed"
    site.vacancy.save()

    html = client.get(site.role.url).content.decode()

    assert "There are no jobs for this role right now." in html
    assert "we can't show current pay" in html


def test_area_page_links_its_academy_jobs_and_events(client, site):
    html = client.get(site.area.url).content.decode()

    assert "New to care? Start at Newcastle Care Academy" in html
    assert "Day care assistant" in html
    assert "Newcastle jobs fair" in html


def test_an_area_page_links_its_academy_only_while_it_is_live_and_public(client, site):
    from wagtail.models import PageViewRestriction

    from cms.page_cache import purge_page_cache

    def links_academy() -> bool:
        purge_page_cache()
        return "Start at Newcastle Care Academy" in client.get(site.area.url).content.decode()

    assert links_academy()
    restriction = PageViewRestriction.objects.create(
        page=site.academy, restriction_type=PageViewRestriction.LOGIN
    )
    assert not links_academy()  # behind a login: not offered to everyone
    restriction.delete()
    assert links_academy()
    site.academy.unpublish()
    assert not links_academy()


def test_an_area_pages_job_count_is_what_its_job_search_finds(client, site, newcastle):
    """The page says "See N jobs in Newcastle" and links to the job search for Newcastle: the search
    must find those N, whatever the jobs' sites and employers."""
    import re

    from tests.factories import LocalAuthorityFactory, LocationFactory, OrganisationFactory, VacancyFactory

    durham = LocalAuthorityFactory(ons_code="E06000047", name="County Durham", slug="county-durham")
    based_in_newcastle = OrganisationFactory(local_authority=newcastle)
    VacancyFactory(  # a Newcastle employer's job at a Durham site: a Durham job
        title="Durham site job",
        organisation=based_in_newcastle,
        locations=[LocationFactory(organisation=based_in_newcastle, local_authority=durham)],
    )
    two_sites = OrganisationFactory(local_authority=durham)
    VacancyFactory(  # first site in Newcastle, second in Durham: a Newcastle job
        title="Two site job",
        organisation=two_sites,
        locations=[
            LocationFactory(organisation=two_sites, local_authority=newcastle),
            LocationFactory(organisation=two_sites, local_authority=durham),
        ],
    )

    page = client.get(site.area.url).content.decode()
    count, link = re.search(r'href="([^"]+)">See (\d+) jobs? in Newcastle', page).group(2, 1)
    search = client.get(link.replace("&amp;", "&")).content.decode()

    assert f">{count} job" in search
    assert "Two site job" in page + search and "Durham site job" not in search


def test_story_index_filters_by_role_and_area(client, site, newcastle):
    from campaign.demo import child_page
    from tests.factories import LocalAuthorityFactory, RoleFactory

    durham = LocalAuthorityFactory(ons_code="E06000047", name="County Durham", slug="county-durham")
    support = RoleFactory(name="Support worker", slug="support-worker")
    child_page(
        site.stories,
        StoryPage,
        "josh",
        title="Josh",
        person_name="Josh",
        quote="I love it.",
        role=support,
        local_authority=durham,
        body="<p>x</p>",
    )

    by_role = client.get(site.stories.url, {"role": "support-worker"}).content.decode()
    by_area = client.get(site.stories.url, {"area": "newcastle-upon-tyne"}).content.decode()

    assert ">Josh<" in by_role and ">Amira<" not in by_role
    assert ">Amira<" in by_area and ">Josh<" not in by_area


def test_past_event_says_it_has_happened_and_offers_no_registration(client, site):
    from tests.fixtures.campaign_site import at, publish

    site.event.start, site.event.end = at(-3), at(-3, 13)
    publish(site.event)

    html = client.get(site.event.url).content.decode()

    assert "This event has already taken place." in html
    assert "Register for this event" not in html


def test_contact_form_stores_a_submission_and_thanks_the_visitor(client, site):
    from wagtail.contrib.forms.models import FormSubmission

    response = client.post(site.contact.url, {"your_name": "Jo", "your_message": "Tell me about care"})

    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    assert FormSubmission.objects.filter(page=site.contact).count() == 1


def test_an_unrestricted_pages_view_restrictions_are_an_empty_queryset(site, django_assert_num_queries):
    """Known empty without compiling SQL, and still a QuerySet for Wagtail's admin."""
    site.content.get_view_restrictions()  # (the restricted paths read once)
    with django_assert_num_queries(0):
        restrictions = site.content.get_view_restrictions()
        assert list(restrictions) == [] and not restrictions.exists()
    assert list(restrictions.order_by("-page__depth")) == []
