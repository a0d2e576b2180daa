"""Pre-employment checks and the hire (issue 21.7): a DBS certificate date must be believable, the
hire waits for every check and the candidate's criminal-record self-disclosure, and every change to
a check is in the application's history."""

from datetime import date, timedelta

import pytest

from django.core import mail
from django.utils import timezone

from ats.models import CheckEvent, CheckItem, Offer
from tests.factories import ApplicationFactory, UserFactory, VacancyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]


@pytest.fixture
def application(employer_a):
    vacancy = VacancyFactory(organisation=employer_a, title="Home care worker", posts=1)
    candidate = UserFactory(first_name="Priya", last_name="Shah", email="priya@example.org")
    app = ApplicationFactory(vacancy=vacancy, candidate=candidate, checks=True)
    Offer.objects.create(application=app, has_unspent_convictions=False, disclosed_at=timezone.now())
    for kind in CheckItem.Kind:
        CheckItem.objects.create(
            application=app, kind=kind, due_date=timezone.localdate() + timedelta(days=7)
        )
    return app


def all_checks_done(app, *, certificate_date=None):
    certificate_date = certificate_date or timezone.localdate() - timedelta(days=10)
    app.checks.exclude(kind="dbs").update(status="satisfactory", completed_at=timezone.now())
    app.checks.filter(kind="dbs").update(
        status="satisfactory",
        certificate_number="001234567890",
        certificate_date=certificate_date,
        completed_at=timezone.now(),
    )


def save_dbs(client, app, **fields):
    dbs = app.checks.get(kind="dbs")
    data = {"status": "satisfactory", "due_date": "", "dbs_level": "enhanced_barred"} | fields
    return client.post(
        f"/recruit/checks/{dbs.public_id}/", {f"{dbs.public_id}-{name}": v for name, v in data.items()}
    )


def hire(client, app):
    return client.post(
        f"/recruit/applications/{app.public_id}/hire/", {"expected_stage": "checks"}, follow=True
    )


@pytest.mark.parametrize(
    ("certificate_date", "message"),
    [
        (timezone.localdate() + timedelta(days=1), "The DBS certificate date cannot be in the future"),
        (date(1998, 5, 1), "The DBS certificate date must be after March 2002"),
    ],
)
def test_a_dbs_certificate_date_that_cannot_be_right_is_refused_on_the_form(
    client, recruiter_a, application, certificate_date, message
):
    client.force_login(recruiter_a)

    response = save_dbs(
        client,
        application,
        certificate_number="001234567890",
        certificate_date=f"{certificate_date:%Y-%m-%d}",
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    dbs = application.checks.get(kind="dbs")
    assert (dbs.status, dbs.certificate_number, dbs.certificate_date) == ("outstanding", "", None)
    assert not CheckEvent.objects.exists()


def test_the_hire_waits_for_the_criminal_record_self_disclosure(client, recruiter_a, application):
    all_checks_done(application)
    Offer.objects.filter(application=application).update(has_unspent_convictions=None, disclosed_at=None)
    client.force_login(recruiter_a)

    page = hire(client, application)

    assert page.status_code == 400
    assert "The candidate has not answered the criminal record self-disclosure yet" in page.content.decode()
    application.refresh_from_db()
    application.vacancy.refresh_from_db()
    assert (application.stage, application.vacancy.status) == ("checks", "live")
    assert not application.events.filter(to_stage="hired").exists()
    assert mail.outbox == []


def test_the_hire_waits_for_every_check(client, recruiter_a, application):
    all_checks_done(application)
    application.checks.filter(kind="reference_2").update(status="unsatisfactory")
    application.checks.filter(kind="health").delete()
    client.force_login(recruiter_a)

    page = hire(client, application)

    assert "These checks are not complete yet: second reference, health declaration." in page.content.decode()
    application.refresh_from_db()
    assert application.stage == "checks"


def test_the_hire_is_refused_with_a_dbs_certificate_dated_in_the_future(client, recruiter_a, application):
    # Recorded before dates were checked (or imported): the hire itself checks it too.
    all_checks_done(application, certificate_date=timezone.localdate() + timedelta(days=30))
    client.force_login(recruiter_a)

    page = hire(client, application)

    assert "The DBS certificate date cannot be in the future" in page.content.decode()
    application.refresh_from_db()
    assert application.stage == "checks"


def test_the_hire_goes_ahead_once_everything_is_in(client, recruiter_a, application):
    all_checks_done(application)
    client.force_login(recruiter_a)

    page = hire(client, application)

    assert "Hired. The candidate has been emailed." in page.content.decode()
    application.refresh_from_db()
    assert application.stage == "hired"


def test_every_change_to_a_check_is_in_the_history_with_who_made_it(client, recruiter_a, application):
    client.force_login(recruiter_a)
    certificate_date = timezone.localdate() - timedelta(days=5)

    save_dbs(
        client,
        application,
        certificate_number="001234567890",
        certificate_date=f"{certificate_date:%Y-%m-%d}",
    )
    save_dbs(
        client,
        application,
        certificate_number="001234567890",
        certificate_date=f"{certificate_date:%Y-%m-%d}",
    )
    reference = application.checks.get(kind="reference_1")
    client.post(
        f"/recruit/checks/{reference.public_id}/",
        {f"{reference.public_id}-status": "unsatisfactory", f"{reference.public_id}-due_date": ""},
    )

    events = list(CheckEvent.objects.order_by("pk"))
    assert len(events) == 2  # saving the DBS check again unchanged wrote nothing
    assert [event.actor for event in events] == [recruiter_a, recruiter_a]
    html = client.get(f"/recruit/applications/{application.public_id}/").content.decode()
    history = html[html.index('id="h-history"') :]
    who = recruiter_a.get_full_name()
    assert (
        f"DBS check updated by {who}: status Outstanding → Satisfactory; due date "
        f"{application.checks.get(kind='reference_2').due_date:%-d %B %Y} → (none); "
        f"DBS level Enhanced with adults&#x27; barred list; certificate number 001234567890; certificate date {certificate_date:%-d %B %Y}"
    ) in history
    assert f"First reference updated by {who}: status Outstanding → Not satisfactory" in history
