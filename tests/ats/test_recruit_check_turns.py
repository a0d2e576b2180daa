"""Pre-employment checks say whose turn they are, since when and what is next; one list across
candidates shows what is stuck, longest first, and only the user's own organisations'."""

from datetime import timedelta

import pytest
import time_machine

from django.utils import timezone

from ats.models import CheckEvent, CheckItem
from ats.pipeline.offers import make_offer
from tests.factories import ApplicationFactory, UserFactory, VacancyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]


def offered(vacancy, recruiter, first, referees=()):
    app = ApplicationFactory(
        vacancy=vacancy,
        candidate=UserFactory(first_name=first, last_name="Test"),
        interview=True,
        snapshot={
            "name": f"{first} Test",
            "email": f"{first.lower()}@example.org",
            "referees": list(referees),
        },
    )
    make_offer(app, by=recruiter, expected_stage="interview")
    return app


def test_the_checklist_opens_with_whose_turn_and_references_move_it_on(recruiter_a, employer_a):
    from ats.pipeline.references import submit_reference

    vacancy = VacancyFactory(organisation=employer_a)
    app = offered(
        vacancy,
        recruiter_a,
        "Amira",
        [{"name": "Helen Boss", "relationship": "Manager", "contact": "h@x.example"}],
    )
    checks = {check.kind: check for check in app.checks.all()}
    assert checks["dbs"].turn == "candidate"
    assert checks["dbs"].next_step.startswith("Candidate fills in the DBS application")
    assert checks["reference_1"].turn == "referee"
    assert checks["reference_2"].turn == "candidate"  # only one referee given

    submit_reference(app.reference_requests.get(), [["Role", "Carer"]])
    check = CheckItem.objects.get(pk=checks["reference_1"].pk)
    assert (check.turn, check.next_step) == (
        "employer",
        "Read the reference and record whether it is satisfactory",
    )
    assert ["whose turn", "Referee", "Employer"] in CheckEvent.objects.filter(check_item=check).last().changes


def test_the_recruiter_hands_a_check_on_and_it_is_in_the_history(client, recruiter_a, employer_a):
    vacancy = VacancyFactory(organisation=employer_a)
    app = offered(vacancy, recruiter_a, "Amira")
    dbs = app.checks.get(kind="dbs")
    client.force_login(recruiter_a)

    client.post(
        f"/recruit/checks/{dbs.public_id}/",
        {
            f"{dbs.public_id}-status": "outstanding",
            f"{dbs.public_id}-turn": "third_party",
            f"{dbs.public_id}-next_step": "DBS processing: applied on the 3rd",
            f"{dbs.public_id}-dbs_level": "enhanced_barred",
        },
    )

    dbs.refresh_from_db()
    assert dbs.turn == "third_party"
    html = client.get(f"/recruit/applications/{app.public_id}/").content.decode()
    assert "Whose turn: <strong>Third party (DBS, GP, training provider)</strong>" in html
    assert "whose turn Candidate → Third party (DBS, GP, training provider)" in html


def test_a_certificate_dated_in_the_future_is_refused(client, recruiter_a, employer_a):
    vacancy = VacancyFactory(organisation=employer_a)
    dbs = offered(vacancy, recruiter_a, "Amira").checks.get(kind="dbs")
    client.force_login(recruiter_a)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = client.post(
        f"/recruit/checks/{dbs.public_id}/",
        {
            f"{dbs.public_id}-status": "satisfactory",
            f"{dbs.public_id}-turn": "employer",
            f"{dbs.public_id}-dbs_level": "enhanced_barred",
            f"{dbs.public_id}-certificate_number": "001234567890",
            f"{dbs.public_id}-certificate_date": tomorrow,
        },
    )

    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    dbs.refresh_from_db()
    assert dbs.status == "outstanding"


def test_the_stuck_list_shows_the_longest_waiting_first_and_only_this_organisations(
    client, recruiter_a, employer_a, employer_b
):
    start = timezone.now()
    with time_machine.travel(start - timedelta(days=10), tick=False):
        old = offered(VacancyFactory(organisation=employer_a), recruiter_a, "Olive")
    with time_machine.travel(start - timedelta(days=2), tick=False):
        offered(VacancyFactory(organisation=employer_a), recruiter_a, "Nina")
    offered(VacancyFactory(organisation=employer_b), recruiter_a, "Other")
    old.checks.filter(kind="health").update(status="satisfactory")
    client.force_login(recruiter_a)

    html = client.get("/recruit/checks/").content.decode()

    assert "11 checks waiting" in html  # 6 + 6, less Olive's done health declaration
    assert html.index("Olive Test") < html.index("Nina Test")
    assert "10 days" in html
    assert "Other Test" not in html
    only_referees = client.get("/recruit/checks/?turn=referee").content.decode()
    assert "0 checks waiting" in only_referees


def test_the_stuck_list_needs_a_portal_user(client, jobseeker):
    client.force_login(jobseeker)
    assert client.get("/recruit/checks/").status_code in (302, 404)
