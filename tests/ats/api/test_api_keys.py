"""An organisation's admin makes, rotates and revokes API keys in the portal. A key is shown once
and stored only as a hash; rotating stops the old key at once; nobody else can manage the keys."""

import hashlib

import pytest

from django.contrib.contenttypes.models import ContentType

from wagtail.models import ModelLogEntry

from ats.api.keys import create_api_key
from ats.models import ApiKey
from tests.factories import MembershipFactory, with_totp

pytestmark = pytest.mark.django_db


def keys_url(organisation) -> str:
    return f"/recruit/organisations/{organisation.public_id}/api-keys/"


def shown_key(response) -> str:
    html = response.content.decode()
    start = html.index('value="ccne_') + len('value="')
    return html[start : html.index('"', start)]


def works(client, key: str) -> bool:
    return client.get("/api/v1/vacancies", headers={"Authorization": f"Bearer {key}"}).status_code == 200


def test_admin_makes_a_key_that_is_shown_once_and_stored_as_a_hash(client, admin_a, employer_a):
    client.force_login(admin_a)

    response = client.post(keys_url(employer_a), {"name": "Our HR system"})

    assert response.status_code == 200
    key = shown_key(response)
    assert "We will not show it again" in response.content.decode()
    stored = ApiKey.objects.get()
    assert (stored.organisation, stored.name, stored.created_by) == (employer_a, "Our HR system", admin_a)
    assert stored.secret_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(ApiKey.objects.values().get())
    listing = client.get(keys_url(employer_a)).content.decode()
    assert "Our HR system" in listing and f"ccne_{stored.prefix}" in listing
    assert key not in listing
    assert works(client, key)
    assert ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ApiKey), action="ats.api_key.create", user=admin_a
    ).exists()


def test_a_key_needs_a_name(client, admin_a, employer_a):
    client.force_login(admin_a)

    response = client.post(keys_url(employer_a), {"name": ""})

    assert response.status_code == 400
    assert "Enter what will use this key" in response.content.decode()
    assert not ApiKey.objects.exists()


def test_rotating_gives_a_new_key_and_stops_the_old_one(client, admin_a, employer_a):
    old, old_key = create_api_key(employer_a, name="Our HR system", by=admin_a)
    client.force_login(admin_a)

    response = client.post(f"{keys_url(employer_a)}{old.prefix}/rotate/")

    new_key = shown_key(response)
    assert new_key != old_key
    assert not works(client, old_key)
    assert works(client, new_key)
    old.refresh_from_db()
    assert old.revoked_at is not None and old.replaced_by.name == "Our HR system"
    assert list(ApiKey.objects.filter(revoked_at=None).values_list("name", flat=True)) == ["Our HR system"]


def test_revoking_stops_the_key(client, admin_a, employer_a):
    api_key, key = create_api_key(employer_a, name="Old feed", by=admin_a)
    client.force_login(admin_a)

    response = client.post(f"{keys_url(employer_a)}{api_key.prefix}/revoke/", follow=True)

    assert "no longer works" in response.content.decode()
    assert not works(client, key)
    assert "Old feed" not in client.get(keys_url(employer_a)).content.decode()


def test_only_the_organisations_admin_manages_its_keys(
    client, recruiter_a, recruiter_b, employer_a, employer_b
):
    api_key, key = create_api_key(employer_a, name="Alpha HR", by=None)
    admin_b = MembershipFactory(organisation=employer_b, role="admin", user__email="adam@beta.example").user
    with_totp(admin_b)

    for user in (recruiter_a, recruiter_b, admin_b):
        client.force_login(user)
        assert client.get(keys_url(employer_a)).status_code == 404
        assert client.post(keys_url(employer_a), {"name": "Mine now"}).status_code == 404
        assert client.post(f"{keys_url(employer_a)}{api_key.prefix}/rotate/").status_code == 404
        assert client.post(f"{keys_url(employer_a)}{api_key.prefix}/revoke/").status_code == 404
    assert ApiKey.objects.count() == 1
    assert works(client, key)


def test_an_admin_cannot_reach_another_organisations_key_through_their_own_page(
    client, employer_a, employer_b
):
    theirs, key = create_api_key(employer_b, name="Beta HR", by=None)
    admin = MembershipFactory(organisation=employer_a, role="admin", user__email="ada2@alpha.example").user
    with_totp(admin)
    client.force_login(admin)

    assert client.post(f"{keys_url(employer_a)}{theirs.prefix}/revoke/").status_code == 404
    assert works(client, key)


def test_the_organisations_page_links_admins_to_their_keys(client, admin_a, recruiter_a, employer_a):
    client.force_login(admin_a)
    assert keys_url(employer_a) in client.get("/recruit/organisations/").content.decode()
    client.force_login(recruiter_a)
    assert keys_url(employer_a) not in client.get("/recruit/organisations/").content.decode()
