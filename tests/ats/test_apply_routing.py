"""Submitted applications and enquiries are handed to the routing rules after commit."""

import pytest

from ats.models import Application, Enquiry, RoutingDecision
from tests.ats.apply_answers import CONSENT, SCREEN_DATA
from tests.ats.routing_support import geography_fixture  # noqa: F401
from tests.ats.test_apply import complete_steps
from tests.factories import VacancyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_page")]


def test_a_new_to_care_applicant_is_routed_to_their_academy(
    client, jobseeker, geography, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setitem(
        SCREEN_DATA, "details", {**SCREEN_DATA["details"], "postcode": geography["newcastle"]}
    )
    vacancy = VacancyFactory()
    client.force_login(jobseeker)
    complete_steps(client, vacancy, with_cv=False)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/jobs/{vacancy.slug}/apply/check-your-answers/", CONSENT)

    decision = RoutingDecision.objects.get(application=Application.objects.get())
    assert decision.destination.name == "Newcastle upon Tyne Care Academy"


def test_an_enquiry_is_routed_after_it_is_saved(client, geography, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/not-sure/",
            {
                "name": "Pat",
                "email": "pat@example.org",
                "postcode": geography["newcastle"],
                "experience": "none",
                "over_18": "yes",
                "consent": "on",
            },
        )

    assert RoutingDecision.objects.filter(enquiry=Enquiry.objects.get()).exists()
