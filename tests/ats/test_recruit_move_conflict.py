"""Two tabs moving the same application (issue 21.4): the second tab's move is refused, and the
recruiter reads why on that application's page, not on the next candidate's."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest

from django.utils import timezone

from tests.factories import ApplicationFactory, UserFactory, VacancyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]

CONFLICT = "Someone else has already moved this application to “Shortlisted”"


@pytest.fixture
def queue(employer_a):
    """Two applications in list order: the first, then the next one."""
    vacancy = VacancyFactory(organisation=employer_a, title="Home care worker")
    now = timezone.now()
    return [
        ApplicationFactory(
            vacancy=vacancy,
            candidate=UserFactory(first_name=name, last_name="Test"),
            applied_at=now - timedelta(hours=n),
        )
        for n, name in enumerate(["Ada", "Ben"])
    ]


@pytest.mark.parametrize("second_move", ["rejected", "shortlisted"])
def test_the_conflict_is_shown_on_the_application_it_concerns(client, recruiter_a, queue, second_move):
    first, following = queue
    client.force_login(recruiter_a)
    url = f"/recruit/applications/{first.public_id}/move/"
    # Both tabs loaded the first application while it was "Applied", from the list.
    tab = {"expected_stage": "applied", "then": "next", "from": urlencode({"stage": ""})}

    one = client.post(url, {**tab, "to": "shortlisted"})
    two = client.post(url, {**tab, "to": second_move}, follow=True)

    assert one.status_code == 302 and f"/recruit/applications/{following.public_id}/" in one.url
    first.refresh_from_db()
    assert first.stage == "shortlisted"
    # The second tab stays on the first application's page, which says what happened.
    assert (two.status_code, two.redirect_chain) == (409, [])
    html = two.content.decode()
    assert CONFLICT in html
    assert "Ada Test" in html and "Ben Test" not in html.split("<h1>")[1].split("</h1>")[0]
    # The next candidate's page does not carry it.
    assert CONFLICT not in client.get(f"/recruit/applications/{following.public_id}/").content.decode()
    assert CONFLICT not in client.get(f"/recruit/applications/{first.public_id}/").content.decode()
