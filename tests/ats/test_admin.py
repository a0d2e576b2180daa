"""Regional admins manage employers, places, pay and vacancies in the Wagtail admin."""

import pytest

from ats.models import Vacancy
from tests.factories import LocationFactory, OrganisationFactory, RoleFactory, VacancyFactory

LISTINGS = [
    "vacancies", "organisations", "locations", "screening_questions", "job_alerts", "roles", "councils",
    "postcode_districts", "afc_pay_points", "afc_unsocial_hours",
]  # fmt: skip


@pytest.mark.parametrize("name", LISTINGS)
def test_regional_admin_sees_each_listing_with_search(db, client, regional_admin, name):
    VacancyFactory(title="Findable carer")
    client.force_login(regional_admin)

    response = client.get(f"/admin/{name}/", {"q": "find"})

    assert response.status_code == 200


def test_vacancy_listing_filters_by_status(db, client, regional_admin):
    VacancyFactory(title="Live one")
    VacancyFactory(title="Draft one", draft=True)
    client.force_login(regional_admin)

    page = client.get("/admin/vacancies/", {"status": "draft"}).content.decode()

    assert "Draft one" in page and "Live one" not in page


def test_admin_creates_a_vacancy_with_a_slug_and_pay_in_both_units(db, client, regional_admin):
    employer = OrganisationFactory(name="Tyne Care")
    location = LocationFactory(organisation=employer)
    role = RoleFactory(name="Care worker")
    client.force_login(regional_admin)

    response = client.post(
        "/admin/vacancies/new/",
        {
            "organisation": employer.pk, "title": "Care assistant", "role": role.pk, "setting": "residential",
            "summary": "", "description": "Help people.", "locations": [location.pk], "contract": "permanent",
            "pattern": "full_time", "hours_per_week": "37.5", "pay_min": "12.60", "pay_max": "13.00",
            "pay_period": "hour", "afc_band": "", "benefits": ["paid_training"], "dbs_level": "enhanced",
            "qualification": "none", "experience": "none", "posts": "1", "closing_date": "2030-01-01",
            "apply_method": "on_site", "external_url": "", "status": "live", "area_description": "",
            "start_date": "",
        },
    )  # fmt: skip

    assert response.status_code == 302, response.content.decode()[:3000]
    vacancy = Vacancy.objects.get()
    assert vacancy.slug == "care-assistant-tyne-care"
    assert vacancy.benefits == ["paid_training"]
    assert str(vacancy.annual_pay_min) == "24665.00"
    assert vacancy.latitude == location.latitude


def test_external_vacancy_needs_its_address(db, client, regional_admin):
    employer = OrganisationFactory()
    client.force_login(regional_admin)

    response = client.post(
        "/admin/vacancies/new/",
        {"organisation": employer.pk, "title": "Nurse", "setting": "hospital", "contract": "permanent",
         "pattern": "full_time", "pay_period": "hour", "dbs_level": "enhanced", "qualification": "none",
         "experience": "none", "posts": "1", "apply_method": "external", "external_url": "", "status": "draft"},
    )  # fmt: skip

    assert "Enter the address of the page where people apply." in response.content.decode()
    assert not Vacancy.objects.exists()


def test_admin_adding_a_site_by_postcode_fills_in_its_position_and_council(
    reference_data, client, regional_admin
):
    employer = OrganisationFactory()
    client.force_login(regional_admin)

    response = client.post(
        "/admin/locations/new/",
        {"organisation": employer.pk, "name": "Elm House", "postcode": "sr1 3sd", "address": "", "town": "",
         "latitude": "", "longitude": "", "local_authority": "", "cqc_location_id": "", "service_types": "[]"},
    )  # fmt: skip

    assert response.status_code == 302, response.content.decode()[:2000]
    site = employer.locations.get()
    assert site.postcode == "SR1 3SD"
    assert site.latitude is not None and site.local_authority.name == "Sunderland"


@pytest.fixture
def group_admin(db):
    """A regional admin who is not a superuser: a member of the group every database has."""
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory, with_totp

    user = UserFactory(email="ra@region.example")
    user.groups.add(Group.objects.get(name="Regional admins"))
    with_totp(user)
    return user


ROUTING_LISTINGS = ["routing_rules", "routing_decisions", "unrouted_enquiries", "bank_holidays", "referrals"]


@pytest.mark.parametrize("name", LISTINGS + ROUTING_LISTINGS)
def test_a_member_of_the_regional_admins_group_opens_every_regional_screen(db, client, group_admin, name):
    VacancyFactory(title="Findable carer")
    client.force_login(group_admin)

    response = client.get(f"/admin/{name}/")

    assert response.status_code == 200


def test_the_regional_admins_group_can_add_an_employer_but_not_manage_users(db, client, group_admin):
    client.force_login(group_admin)

    assert client.get("/admin/organisations/new/").status_code == 200
    assert client.get("/admin/users/").status_code in (302, 403)
    assert client.get("/admin/groups/").status_code in (302, 403)


def test_the_regional_admins_group_sees_every_organisation_in_the_portal(db, client, group_admin):
    from ats.organisations.permissions import is_regional_admin

    OrganisationFactory(name="Someone Else's Care")

    assert is_regional_admin(group_admin)
    client.force_login(group_admin)
    assert "Someone Else&#x27;s Care" in client.get("/recruit/organisations/").content.decode()


def test_changing_an_employers_kind_or_name_moves_its_jobs_in_job_search(db, client, regional_admin):
    employer = OrganisationFactory(name="Tyne Homes", kind="provider")
    VacancyFactory(title="Care assistant", organisation=employer)
    client.force_login(regional_admin)

    response = client.post(
        f"/admin/organisations/edit/{employer.pk}/",
        {"name": "Wear Valley Trust", "slug": employer.slug, "kind": "voluntary", "local_authority": "",
         "cqc_provider_id": "", "ods_code": "", "description": "", "website": "", "email": "", "phone": ""},
    )  # fmt: skip

    assert response.status_code == 302, response.content.decode()[:2000]
    voluntary = client.get("/jobs/", {"kind": "voluntary"}).content.decode()
    assert "1 job" in voluntary and "Care assistant" in voluntary
    assert 'Charity or voluntary sector <span class="filter-count">(1)</span>' in voluntary
    assert "Independent care provider" not in voluntary
    assert "No jobs match your search" in client.get("/jobs/", {"kind": "provider"}).content.decode()
    assert "Care assistant" in client.get("/jobs/", {"q": "wear valley"}).content.decode()
