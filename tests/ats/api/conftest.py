"""Keys and clients of the employers' API: employer A's system and employer B's."""

import pytest

from ats.api.keys import create_api_key
from ats.models import Membership
from tests.factories import MembershipFactory, with_totp


class ApiClient:
    """The Django test client with one organisation's key on every request, speaking JSON."""

    def __init__(self, client, key: str):
        self.client, self.key = client, key

    def _headers(self, headers):
        return {"Authorization": f"Bearer {self.key}", **(headers or {})}

    def get(self, path, **params):
        return self.client.get(f"/api/v1{path}", params, headers=self._headers(None))

    def post(self, path, data=None, *, headers=None):
        return self.client.post(
            f"/api/v1{path}", data or {}, content_type="application/json", headers=self._headers(headers)
        )

    def patch(self, path, data, *, headers=None):
        return self.client.patch(
            f"/api/v1{path}", data, content_type="application/json", headers=self._headers(headers)
        )


@pytest.fixture
def admin_a(employer_a):
    user = MembershipFactory(
        organisation=employer_a, role=Membership.Role.ADMIN, user__email="ada@alpha.example"
    ).user
    with_totp(user)
    return user


@pytest.fixture
def key_a(employer_a, admin_a):
    return create_api_key(employer_a, name="Alpha HR", by=admin_a)


@pytest.fixture
def key_b(employer_b):
    return create_api_key(employer_b, name="Beta HR", by=None)


@pytest.fixture
def api_a(client, key_a):
    return ApiClient(client, key_a[1])


@pytest.fixture
def api_b(client, key_b):
    return ApiClient(client, key_b[1])
