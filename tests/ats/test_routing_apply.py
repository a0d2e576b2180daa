"""A new-to-care applicant is also passed to their council's care academy after they apply."""

import io

import pytest

from ats.demo import seed_routing
from ats.models import LocalAuthority, Organisation, RoutingDecision
from tests.ats.jobseeker_fixtures import places, site  # noqa: F401
from tests.factories import OrganisationFactory, VacancyFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("site", "places")]


def test_new_to_care_applicant_is_routed_to_their_councils_academy(client, jobseeker, employer_a):
    from tests.ats.test_apply import complete_steps

    academy = OrganisationFactory(
        academy=True,
        local_authority=LocalAuthority.objects.get(ons_code="E08000021"),
        name="Newcastle Care Academy",
    )
    seed_routing(io.StringIO())
    vacancy = VacancyFactory(organisation=employer_a, new_to_care_welcome=True)
    client.force_login(jobseeker)
    complete_steps(client, vacancy)

    client.post(f"/jobs/{vacancy.slug}/apply/check-your-answers/", {"consent": "on"})

    decision = RoutingDecision.objects.get()
    assert decision.application.candidate == jobseeker
    assert decision.destination == academy
    assert decision.destination.kind == Organisation.Kind.ACADEMY
