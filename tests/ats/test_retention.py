"""The retention schedule (docs/retention.md): after each line runs, no text about the person is
left anywhere in the database.

Each test writes a sentinel into every field a person or recruiter can fill of every row about
the person (found generically, tests/ats/personal_data.py), runs the line's beat task at the
time the schedule says, and scans every text column of every table for the sentinel."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from dateutil.relativedelta import relativedelta

from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from ats.applications.tasks import purge_unsuccessful_candidates
from ats.models import (
    Application,
    ApplicationDraft,
    EqualityResponse,
    InactivityWarning,
    JobAlert,
    Offer,
    PersonalDataAccess,
)
from ats.privacy.retention import LINES
from ats.privacy.tasks import (
    purge_access_log,
    purge_enquiries,
    purge_equality_answers,
    purge_hired_disclosures,
    purge_hired_records,
    purge_inactive_accounts,
    purge_job_alerts,
    purge_stale_drafts,
    warn_inactive_accounts,
)
from campaign.demo import child_page
from campaign.models import EventIndexPage, EventPage, EventRegistration
from cms.celery import app
from cms.models import User
from tests.ats.jobseeker_fixtures import eager_tasks  # noqa: F401
from tests.ats.personal_data import SENTINEL, fill, rows_about, where
from tests.ats.retention_support import build_person
from tests.factories import ApplicationFactory, JobAlertFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


@pytest.fixture
def person(jobseeker, recruiter_a, employer_a, academy):
    return build_person(jobseeker, recruiter_a, employer_a, academy)


def edited_in_the_admin(*objects) -> None:
    """What the Wagtail admin writes when someone edits these: a history entry labelled with the
    object as it was (its name or email)."""
    for obj in objects:
        obj.refresh_from_db()
        log(instance=obj, action="wagtail.edit")
    assert ModelLogEntry.objects.filter(label__contains=SENTINEL).count() == len(objects)


def later(**delta):
    return time_machine.travel(timezone.now() + relativedelta(**delta) + timedelta(hours=1), tick=False)


def test_the_beat_schedule_runs_every_line_nightly(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    app.loader.import_default_modules()  # what a worker and beat load at start
    assert tasks <= set(app.tasks)

    assert {
        "ats.purge_unsuccessful_candidates",
        "campaign.tasks.purge_event_registrations",
        "cms.purge_outbox",
        "ats.purge_hired_disclosures",
        "ats.purge_hired_records",
        "ats.purge_stale_drafts",
        "ats.warn_inactive_accounts",
        "ats.purge_inactive_accounts",
        "ats.purge_enquiries",
        "ats.purge_equality_answers",
        "ats.purge_job_alerts",
        "ats.purge_access_log",
    } <= tasks
    assert set(LINES) == {
        "hired_disclosures",
        "hired_records",
        "stale_drafts",
        "inactive_account_warnings",
        "inactive_accounts",
        "enquiries",
        "referrals",
        "equality_answers",
        "job_alerts",
        "access_log",
    }


def test_unsuccessful_candidate_purge_leaves_no_text_about_the_application(person):
    application = person["application"]
    filled = fill([application, person["cv"]])
    assert {"ats.Offer.disclosure_details", "ats.Note.body", "ats.CheckItem.certificate_number"} <= {
        place.split(" #")[0] for _, place in filled
    }

    with later(months=5):
        assert purge_unsuccessful_candidates.delay().get()["applications"] == 0
    assert where(SENTINEL)
    with later(months=6, days=1):
        assert purge_unsuccessful_candidates.delay().get()["applications"] == 1
        assert purge_unsuccessful_candidates.delay().get()["applications"] == 0  # idempotent

    assert where(SENTINEL) == []
    application.refresh_from_db()
    assert application.anonymised and application.stage == "rejected"  # the statistics stay
    assert not Offer.objects.exists()  # with the criminal-record self-disclosure
    assert PersonalDataAccess.objects.filter(application=application).count() == 1  # the audit stays


@pytest.fixture
def registrations(home_page, jobseeker):
    """The person's places at an event past and one to come (campaign), by their verified address."""
    events = child_page(home_page, EventIndexPage, "events", title="Events")
    made = []
    for slug, days in (("spring-fair", 10), ("winter-fair", -30)):
        start = timezone.now() + timedelta(days=days)
        event = child_page(
            events,
            EventPage,
            slug,
            title=slug,
            summary="Meet employers.",
            start=start,
            end=start + timedelta(hours=3),
        )
        made.append(
            EventRegistration.objects.create(event=event, name="Jo", email=jobseeker.email, phone="0191")
        )
    return made


def test_deleting_the_account_leaves_no_text_about_the_person(client, jobseeker, person, registrations):
    fill([jobseeker, person["guest_draft"], person["alert"], *registrations])
    # What links them to the person is their verified address: keep it theirs.
    address = EmailAddress.objects.get(user=jobseeker).email
    for row in [person["guest_draft"], *registrations]:
        field = "guest_email" if isinstance(row, ApplicationDraft) else "email"
        type(row).objects.filter(pk=row.pk).update(**{field: address})
    edited_in_the_admin(jobseeker, person["alert"], person["enquiry"])
    client.force_login(jobseeker)

    response = client.post("/me/delete-my-account/", {"confirm": "on"})

    assert "Your account has been deleted" in response.content.decode()
    assert where(SENTINEL) == []
    assert not User.objects.filter(pk=jobseeker.pk).exists()


def test_a_hired_persons_disclosure_goes_30_days_after_the_hire_and_the_application_after_a_year(
    jobseeker, recruiter_a, employer_a, academy
):
    hired = build_person(jobseeker, recruiter_a, employer_a, academy, stage="hired")
    offer = hired["application"].offer
    fill([offer])

    with later(days=29):
        purge_hired_disclosures.delay()
    assert where(SENTINEL)
    with later(days=31):
        purge_hired_disclosures.delay()
        purge_hired_disclosures.delay()
    assert where(SENTINEL) == []
    offer.refresh_from_db()
    assert offer.has_unspent_convictions is None and offer.disclosed_at is None
    assert Application.objects.get(pk=hired["application"].pk).candidate == jobseeker  # still theirs

    fill([hired["application"]])
    with later(months=11):
        purge_hired_records.delay()
    assert where(SENTINEL)
    with later(months=12, days=1):
        purge_hired_records.delay()
    assert where(SENTINEL) == []
    assert Application.objects.get(pk=hired["application"].pk).anonymised


def test_a_disclosure_is_never_kept_more_than_six_months_whatever_the_stage(
    jobseeker, recruiter_a, employer_a, academy
):
    offer = build_person(jobseeker, recruiter_a, employer_a, academy, stage="checks")["application"].offer
    fill([offer])

    with later(months=6, days=1):
        purge_hired_disclosures.delay()

    # The offer is still open: its conditions stay until the hire (then 30 days) or the erasure.
    assert where(SENTINEL) == [f"ats.Offer.conditions #{offer.pk}"]


def test_unsent_drafts_go_after_90_days(jobseeker, person):
    fill([person["unsent_draft"], person["guest_draft"]])

    with later(days=89):
        purge_stale_drafts.delay()
    assert ApplicationDraft.objects.filter(pk=person["guest_draft"].pk).exists()
    with later(days=91):
        purge_stale_drafts.delay()

    assert where(SENTINEL) == []
    assert ApplicationDraft.objects.filter(pk=person["application"].draft.pk).exists()  # sent: stays


def test_an_unused_account_is_warned_30_days_before_and_then_deleted(
    jobseeker, person, django_capture_on_commit_callbacks
):
    fill([jobseeker, person["guest_draft"], person["alert"]])
    edited_in_the_admin(jobseeker, person["alert"], person["enquiry"])
    User.objects.filter(pk=jobseeker.pk).update(last_login=timezone.now())
    Application.objects.filter(pk=person["application"].pk).update(stage="rejected")

    with later(months=22):
        warn_inactive_accounts.delay()
        purge_inactive_accounts.delay()
    assert mail.outbox == [] and User.objects.filter(pk=jobseeker.pk).exists()
    with later(months=23, days=2), django_capture_on_commit_callbacks(execute=True):
        warn_inactive_accounts.delay()
        warn_inactive_accounts.delay()  # once only
    assert len(mail.outbox) == 1
    assert "will be deleted on" in mail.outbox[0].subject and mail.outbox[0].to == [f"{SENTINEL}@example.org"]
    with later(months=24):
        purge_inactive_accounts.delay()
    assert User.objects.filter(pk=jobseeker.pk).exists()  # the 30 days are not over
    with later(months=24, days=3):
        purge_inactive_accounts.delay()

    assert not User.objects.filter(pk=jobseeker.pk).exists()
    assert where(SENTINEL) == []


def test_signing_in_after_the_warning_keeps_the_account(jobseeker):
    User.objects.filter(pk=jobseeker.pk).update(last_login=timezone.now())
    with later(months=23, days=2):
        warn_inactive_accounts.delay()
    assert InactivityWarning.objects.filter(user=jobseeker).exists()
    with later(months=23, days=10):
        User.objects.filter(pk=jobseeker.pk).update(last_login=timezone.now())
    with later(months=24, days=3):
        purge_inactive_accounts.delay()

    assert User.objects.filter(pk=jobseeker.pk).exists()


def test_staff_editors_and_people_with_an_open_application_are_never_deleted_for_inactivity(
    recruiter_a, jobseeker
):
    ApplicationFactory(candidate=jobseeker, interview=True)
    staff = UserFactory(is_staff=True)
    editor = UserFactory()
    editor.groups.add(Group.objects.get_or_create(name="Editors")[0])

    with later(years=5):
        warn_inactive_accounts.delay()
    with later(years=5, days=31):
        purge_inactive_accounts.delay()

    assert mail.outbox == []
    assert User.objects.filter(pk__in=[recruiter_a.pk, jobseeker.pk, staff.pk, editor.pk]).count() == 4


def test_enquiries_and_referrals_are_erased_after_a_year(jobseeker, person):
    referral = jobseeker.referrals.get()
    fill([person["enquiry"], referral])
    edited_in_the_admin(person["enquiry"])

    with later(months=11):
        purge_enquiries.delay()
    assert where(SENTINEL)
    with later(months=12, days=1):
        purge_enquiries.delay()

    assert where(SENTINEL) == []


def test_equality_answers_go_when_no_application_is_left_on_record(jobseeker, person):
    with later(months=7):
        purge_equality_answers.delay()
    assert EqualityResponse.objects.filter(user=jobseeker).exists()  # an application is on record
    with later(months=7):
        purge_unsuccessful_candidates.delay()
        purge_equality_answers.delay()

    assert not EqualityResponse.objects.filter(user=jobseeker).exists()


def test_unconfirmed_and_stopped_job_alerts_go_after_30_days(jobseeker):
    unconfirmed = JobAlertFactory(email="someone@example.org", confirmed_at=None)
    stopped = JobAlertFactory(
        email="other@example.org", confirmed_at=timezone.now(), unsubscribed_at=timezone.now()
    )
    active = JobAlertFactory(email="keen@example.org", confirmed_at=timezone.now())
    fill([unconfirmed, stopped])
    edited_in_the_admin(unconfirmed, stopped)

    with later(days=29):
        purge_job_alerts.delay()
    assert where(SENTINEL)
    with later(days=31):
        purge_job_alerts.delay()

    assert where(SENTINEL) == []
    assert list(JobAlert.objects.all()) == [active]


def test_the_access_log_is_kept_six_years(recruiter_a, employer_a):
    with time_machine.travel(timezone.now() - relativedelta(years=6, days=2)):
        old = PersonalDataAccess.objects.create(actor=recruiter_a, organisation=employer_a, action="listed")
    with time_machine.travel(timezone.now() - relativedelta(years=5, months=11)):
        young = PersonalDataAccess.objects.create(actor=recruiter_a, organisation=employer_a, action="listed")

    purge_access_log.delay()

    assert list(PersonalDataAccess.objects.all()) == [young]
    assert old.pk not in PersonalDataAccess.objects.values_list("pk", flat=True)


def test_the_walk_finds_rows_of_every_kind_about_the_person(jobseeker, person):
    found = {type(row).__name__ for row in rows_about([jobseeker])}

    assert {
        "Application",
        "Offer",
        "Note",
        "Rating",
        "CheckItem",
        "Enquiry",
        "Referral",
        "RoutingEvent",
    } <= found
