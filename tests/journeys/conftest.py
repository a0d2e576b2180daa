"""The region the journeys run in: the real councils, districts and a handful of real postcodes,
the 12 academies with the default routing rules, one care provider with its recruiter. Everything a
journey tests (applications, enquiries, pages, moves) is made through the screens, never here."""

from __future__ import annotations

import io

import pytest

from django.conf import settings
from django.core.cache import cache

from ats.demo import seed_routing
from ats.models import LocalAuthority, Membership, Organisation
from ats.places.reference_data import load_all
from tests.factories import LocationFactory, MembershipFactory, OrganisationFactory, VacancyFactory, with_totp
from tests.reference_files import copy_reference_data

# Real postcodes (OS Code-Point Open): a care home in Newcastle's West End, a jobseeker in the city
# centre, an enquirer in Sunderland.
CARE_HOME_POSTCODE = "NE4 5AA"
JOBSEEKER_POSTCODE = "NE1 4ST"
ENQUIRER_POSTCODE = "SR1 1AA"
POSTCODES = {CARE_HOME_POSTCODE, JOBSEEKER_POSTCODE, ENQUIRER_POSTCODE, "NE1 1AD"}


@pytest.fixture
def region(transactional_db, tmp_path):
    """Councils, districts, the postcodes above, one academy per council and the default rules."""
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page, Site

    from campaign.models import HomePage

    copy_reference_data(
        tmp_path, ["councils", "ne_districts", "gb_districts", "trusts"], postcodes=POSTCODES.__contains__
    )
    load_all(tmp_path)
    for la in LocalAuthority.objects.filter(in_region=True):
        Organisation.objects.create(
            kind=Organisation.Kind.ACADEMY, local_authority=la, name=f"{la.name} Care Academy", slug=la.slug
        )
    seed_routing(io.StringIO())

    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=HomePage(title="Work in care", slug="work-in-care", hero_heading="Care"))
    Site.objects.update_or_create(
        hostname="localhost", port=80, defaults={"root_page": home, "is_default_site": True}
    )
    Site.objects.exclude(root_page=home).delete()
    cache.clear()
    return home


class Staff:
    """A staff member as a journey knows them: what they type to sign in."""

    def __init__(self, user, password: str, totp_secret: str):
        self.user = user
        self.email = user.email
        self.password = password
        self.totp_secret = totp_secret


def make_staff(organisation, role, email: str) -> Staff:
    password = "a-long-staff-password-42"
    user = MembershipFactory(organisation=organisation, role=role, user__email=email).user
    user.set_password(password)
    user.save()
    return Staff(user, password, with_totp(user))


@pytest.fixture
def care_home(region):
    """A care provider in Newcastle's West End with one live, anonymously shortlisted vacancy."""
    newcastle = LocalAuthority.objects.get(ons_code="E08000021")
    provider = OrganisationFactory(name="Tyne Valley Care", local_authority=newcastle, verified=True)
    home = LocationFactory(
        organisation=provider,
        name="Elswick Lodge",
        postcode=CARE_HOME_POSTCODE,
        latitude=54.97508,
        longitude=-1.64031,
        local_authority=newcastle,
    )
    vacancy = VacancyFactory(
        organisation=provider,
        title="Care assistant, days",
        slug="care-assistant-days-elswick",
        locations=[home],
        anonymised_shortlisting=True,
    )
    return provider, vacancy


@pytest.fixture
def recruiter(care_home) -> Staff:
    return make_staff(care_home[0], Membership.Role.RECRUITER, "rita@tynevalley.example")


@pytest.fixture
def other_recruiter(region) -> Staff:
    other = OrganisationFactory(name="Wear Side Homes")
    return make_staff(other, Membership.Role.RECRUITER, "bob@wearside.example")
