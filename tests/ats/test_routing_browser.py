"""The routing pages in a phone-sized Chromium with axe-core: a coordinator's inbox, an enquiry,
the referral form (and its error summary), a referral, courses; the candidate's consent."""

from datetime import timedelta

import pytest

from django.utils import timezone

from ats.models import Cohort, RoutingDecision
from ats.routing.academy import create_referral, give_referral_consent
from tests.ats.test_recruit_browser import signed_in_page
from tests.factories import EnquiryFactory
from tests.fixtures.browser import screenshot, serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_routing_pages_pass_axe(
    page_at, client, live_server, home_page, coordinator, academy, employer_a, jobseeker
):
    enquiry = EnquiryFactory(name="Jo Seeker", email="jo@seeker.example", user=jobseeker)
    decision = RoutingDecision.objects.create(
        enquiry=enquiry,
        destination=academy,
        rule_name="New to care: their home council's care academy",
        reason="Lives in Newcastle upon Tyne; new to care. So sent to their council's care academy.",
    )
    start = timezone.localdate() + timedelta(days=7)
    cohort = Cohort.objects.create(
        academy=academy, starts_on=start, ends_on=start + timedelta(days=11), venue="Civic Centre"
    )
    give_referral_consent(user=jobseeker)
    referral = create_referral(from_org=academy, to_org=employer_a, enquiry=enquiry, fields=["name"])
    page = signed_in_page(page_at, client, live_server, coordinator)

    for path, heading in [
        ("/recruit/enquiries/", None),
        (f"/recruit/enquiries/{decision.pk}/", None),
        (f"/recruit/enquiries/{decision.pk}/refer/", "Refer Jo Seeker to another organisation"),
        (f"/recruit/enquiries/referrals/{referral.pk}/", None),
        ("/recruit/enquiries/courses/", None),
        (f"/recruit/enquiries/courses/{cohort.pk}/", None),
    ]:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        if heading:
            assert page.get_by_role("heading", name=heading).is_visible()
        assert serious_axe_violations(page) == [], path

    # The referral form's error summary (nothing ticked to share), without JavaScript help.
    page.goto(f"{live_server.url}/recruit/enquiries/{decision.pk}/refer/")
    for box in page.get_by_role("checkbox").all():
        box.uncheck()
    page.get_by_role("button", name="Refer them").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert serious_axe_violations(page) == []
    screenshot(page, "routing-refer-error-phone")


def test_candidate_consent_on_the_dashboard_passes_axe(page_at, client, live_server, home_page, jobseeker):
    page = signed_in_page(page_at, client, live_server, jobseeker)

    page.goto(f"{live_server.url}/me/")
    page.get_by_role("button", name="I agree to be referred").click()
    page.wait_for_load_state()

    assert "You agreed to this on" in page.content()
    assert serious_axe_violations(page) == []
    screenshot(page, "routing-consent-dashboard-phone")
