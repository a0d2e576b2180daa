"""Personas and shared fixtures. Service fixtures (S3, Celery worker, Chromium) live in tests/fixtures."""

import os
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from django.db import connection
from django.test import Client

from wagtail.models import Page, Site

from ats.models import Membership
from campaign.models import HomePage
from tests.factories import (
    LocalAuthorityFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    with_totp,
)
from tests.fixtures.signed_in import SignedInClient

pytest_plugins = [
    "tests.fixtures.skips",
    "tests.fixtures.services",
    "tests.fixtures.browser",
    "tests.fixtures.security_summary",
    "tests.fixtures.migrated_data",
]

REAL_SERVICES = bool(os.environ.get("REDIS_URL"))


def pytest_collection_modifyitems(config, items):
    """Integration and fault tests need the real PostgreSQL + Redis + worker variant (.ci/run);
    `postgresql` tests need PostgreSQL."""
    services = pytest.mark.skip(reason="needs REDIS_URL and DATABASE_URL (the .ci/run real-services variant)")
    postgresql = pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL; the .ci/run PostgreSQL pass)")
    for item in items:
        if not REAL_SERVICES and ("integration" in item.keywords or "faults" in item.keywords):
            item.add_marker(services)
        elif "postgresql" in item.keywords and connection.vendor != "postgresql":
            item.add_marker(postgresql)


class _IdCounter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids[value] += 1


def duplicate_ids(html: str) -> list[str]:
    counter = _IdCounter()
    counter.feed(html)
    counter.close()
    return sorted(value for value, count in counter.ids.items() if count > 1)


class UniqueIdClient(SignedInClient):
    """The Django test client, failing on any HTML page that repeats an id: a repeated id sends a
    label, an error summary link or an aria reference to the wrong element (issue 21.9). Wagtail's
    admin is left out: its markup is Wagtail's, not ours."""

    def request(self, **request):
        response = super().request(**request)
        content_type = response.get("Content-Type", "")
        path = request.get("PATH_INFO", "")
        if (
            content_type.startswith("text/html")
            and not response.streaming
            and not path.startswith(UNCHECKED_PATHS)
        ):
            repeated = duplicate_ids(response.content.decode(response.charset or "utf-8", "replace"))
            assert not repeated, f"{path} repeats the id(s) {', '.join(repeated)}"
        return response


UNCHECKED_PATHS = ("/admin/", "/django-admin/")
# The test folders whose pages are checked (the ones run and fixed for issue 21.9).
CHECKED_TEST_FOLDERS = (Path(__file__).parent / "ats", Path(__file__).parent / "campaign")


@pytest.fixture
def client(request) -> Client:
    """pytest-django's `client`, whose force_login stands for password and authenticator code, and
    which checks every HTML page it gets in tests/ats and tests/campaign for repeated ids."""
    if any(request.path.is_relative_to(folder) for folder in CHECKED_TEST_FOLDERS):
        return UniqueIdClient()
    return SignedInClient()


@pytest.fixture
def home_page(db):
    """The campaign home page as the root of the default site, as seed_demo makes it."""
    from django.conf import settings

    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale

    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root")
    )  # flushed by transactional tests
    home = root.add_child(
        instance=HomePage(
            title="Work in care", slug="work-in-care", hero_heading="Care is a job that matters"
        )
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Test"},
    )
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    return home


# Personas (STYLE.md): recruiter and viewer at employer A, recruiter at employer B, academy
# coordinator, regional admin, jobseeker. Staff personas have an authenticator app set up, as the
# portal and the CMS admin require (ats.organisations.middleware.RequireStaffMFAMiddleware).
@pytest.fixture
def employer_a(db):
    return OrganisationFactory(name="Alpha Home Care")


@pytest.fixture
def employer_b(db):
    return OrganisationFactory(name="Beta Residential")


@pytest.fixture
def recruiter_a(employer_a):
    user = MembershipFactory(
        organisation=employer_a, role=Membership.Role.RECRUITER, user__email="rita@alpha.example"
    ).user
    with_totp(user)
    return user


@pytest.fixture
def viewer_a(employer_a):
    user = MembershipFactory(
        organisation=employer_a, role=Membership.Role.VIEWER, user__email="vic@alpha.example"
    ).user
    with_totp(user)
    return user


@pytest.fixture
def recruiter_b(employer_b):
    user = MembershipFactory(
        organisation=employer_b, role=Membership.Role.RECRUITER, user__email="bob@beta.example"
    ).user
    with_totp(user)
    return user


@pytest.fixture
def academy(db):
    council = LocalAuthorityFactory(ons_code="E08000021", name="Newcastle upon Tyne")
    return OrganisationFactory(academy=True, local_authority=council, name="Newcastle Care Academy")


@pytest.fixture
def coordinator(academy):
    user = MembershipFactory(
        organisation=academy, role=Membership.Role.COORDINATOR, user__email="cora@academy.example"
    ).user
    with_totp(user)
    return user


@pytest.fixture
def regional_admin(db):
    user = UserFactory(email="admin@region.example", is_staff=True, is_superuser=True)
    with_totp(user)
    return user


@pytest.fixture
def jobseeker(db):
    return UserFactory(email="jo@seeker.example", first_name="Jo", last_name="Seeker")


@pytest.fixture
def eager_celery(monkeypatch):
    """Run tasks in the test process even in the real-services variant, so that emails land in
    mail.outbox. For tests about what a user gets, not about the broker."""
    from cms.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    monkeypatch.setitem(app.conf, "task_eager_propagates", True)
