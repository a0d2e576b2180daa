"""Interviews, offers, checks and hiring: the whole journey from application to hire, emails included."""

import re
from datetime import timedelta

import pytest
import time_machine

from django.core import mail
from django.utils import timezone

from ats.models import CheckItem, Interview, InterviewSlot, Offer
from ats.pipeline.interviews import send_due_reminders
from ats.pipeline.tasks import send_interview_reminders
from tests.factories import ApplicationFactory, UserFactory, VacancyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]


@pytest.fixture
def vacancy(employer_a):
    return VacancyFactory(organisation=employer_a, title="Home care worker", posts=1)


@pytest.fixture
def candidate_user(db):
    return UserFactory(first_name="Priya", last_name="Shah", email="priya@example.org")


def slot(vacancy, days=3, hour=10, capacity=1, place="Alpha office, NE1 4ST"):
    starts = (timezone.now() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
    return InterviewSlot.objects.create(vacancy=vacancy, starts_at=starts, place=place, capacity=capacity)


def link_in(message, pattern):
    match = re.search(rf"https?://\S+({pattern})", message.body)
    assert match, message.body
    return match.group(1)


def test_the_whole_hiring_journey(
    client, recruiter_a, vacancy, candidate_user, django_capture_on_commit_callbacks
):
    app = ApplicationFactory(vacancy=vacancy, candidate=candidate_user)
    first_slot = slot(vacancy)
    client.force_login(recruiter_a)
    url = f"/recruit/applications/{app.public_id}"

    def post(path, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url + path, data, follow=True)

    post("/move/", {"to": "screening", "expected_stage": "applied"})
    post("/move/", {"to": "shortlisted", "expected_stage": "screening", "notify": "on"})
    assert mail.outbox[-1].subject == "You have been shortlisted: Home care worker"
    post("/move/", {"to": "interview", "expected_stage": "shortlisted"})
    booking_path = link_in(mail.outbox[-1], r"/interviews/[0-9a-f-]+/")

    # The candidate books from the emailed link and gets a calendar invite.
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(booking_path, {"slot": first_slot.public_id}, follow=True)
    assert "Your interview is booked" in page.content.decode()
    invite = mail.outbox[-1]
    assert invite.subject == "Your interview is booked: Home care worker"
    filename, ics, mimetype = invite.attachments[0]
    assert (filename, mimetype) == ("interview.ics", "text/calendar; method=REQUEST")
    assert "BEGIN:VEVENT" in ics and "LOCATION:Alpha office\\, NE1 4ST" in ics

    client.force_login(recruiter_a)
    interview = Interview.objects.get(application=app)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/recruit/interviews/{interview.public_id}/outcome/", {"status": "attended"})
    page = post(
        "/offer/", {"expected_stage": "interview", "start_date": "2030-03-02", "dbs_level": "enhanced_barred"}
    )
    assert "Conditional offer made" in page.content.decode()
    offer_mail = mail.outbox[-1]
    assert offer_mail.subject == "Conditional offer: Home care worker"
    disclosure_path = link_in(offer_mail, r"/offers/[0-9a-f-]+/disclosure/")
    assert set(app.checks.values_list("kind", flat=True)) == set(CheckItem.Kind.values)
    assert all(c.due_date for c in app.checks.all())

    # Self-disclosure, asked now and only now, signed in as the candidate.
    client.force_login(candidate_user)
    client.post(disclosure_path, {"has_unspent_convictions": "no"})
    assert Offer.objects.get(application=app).has_unspent_convictions is False

    client.force_login(recruiter_a)
    post("/move/", {"to": "checks", "expected_stage": "offer"})
    page = post("/hire/", {"expected_stage": "checks"})
    assert "These checks are not complete yet" in page.content.decode()

    certificate_date = timezone.localdate() - timedelta(days=30)
    for check in app.checks.all():
        data = {f"{check.public_id}-status": "satisfactory", f"{check.public_id}-due_date": ""}
        if check.kind == "dbs":
            data |= {
                f"{check.public_id}-dbs_level": "enhanced_barred",
                f"{check.public_id}-certificate_number": "001234567890",
                f"{check.public_id}-certificate_date": f"{certificate_date:%Y-%m-%d}",
            }
        client.post(f"/recruit/checks/{check.public_id}/", data)
    dbs = app.checks.get(kind="dbs")
    assert (dbs.certificate_number, dbs.certificate_date, dbs.status) == (
        "001234567890",
        certificate_date,
        "satisfactory",
    )

    page = post("/hire/", {"expected_stage": "checks"})
    assert "Hired" in page.content.decode()
    app.refresh_from_db()
    vacancy.refresh_from_db()
    assert app.stage == "hired"
    assert vacancy.status == "filled"
    assert mail.outbox[-1].subject == "Welcome to Alpha Home Care"
    assert list(app.events.values_list("to_stage", flat=True)) == [
        "screening",
        "shortlisted",
        "interview",
        "offer",
        "checks",
        "hired",
    ]
    assert all(m.to == ["priya@example.org"] for m in mail.outbox)


def test_dbs_cannot_be_satisfactory_without_certificate_number_and_date(client, recruiter_a, vacancy):
    app = ApplicationFactory(vacancy=vacancy, checks=True)
    dbs = CheckItem.objects.create(application=app, kind="dbs")
    client.force_login(recruiter_a)
    page = client.post(
        f"/recruit/checks/{dbs.public_id}/", {f"{dbs.public_id}-status": "satisfactory"}, follow=True
    )
    assert "Record the DBS certificate number and date" in page.content.decode()
    dbs.refresh_from_db()
    assert dbs.status == "outstanding"


def test_a_post_stays_open_until_every_post_is_filled(client, recruiter_a, employer_a):
    vacancy = VacancyFactory(organisation=employer_a, posts=2)
    app = ApplicationFactory(vacancy=vacancy, checks=True)
    Offer.objects.create(application=app, has_unspent_convictions=False, disclosed_at=timezone.now())
    for kind in CheckItem.Kind:
        CheckItem.objects.create(
            application=app,
            kind=kind,
            status="satisfactory",
            certificate_number="001234567890" if kind == "dbs" else "",
            certificate_date=timezone.localdate() - timedelta(days=3) if kind == "dbs" else None,
        )
    client.force_login(recruiter_a)
    client.post(f"/recruit/applications/{app.public_id}/hire/", {"expected_stage": "checks"})
    app.refresh_from_db()
    vacancy.refresh_from_db()
    assert (app.stage, vacancy.status) == ("hired", "live")


def test_rebooking_moves_the_interview_and_sends_an_updated_invite(
    client, vacancy, django_capture_on_commit_callbacks
):
    app = ApplicationFactory(vacancy=vacancy, interview=True)
    interview = Interview.objects.create(application=app)
    first, second = slot(vacancy, days=2), slot(vacancy, days=4, hour=14)
    url = f"/interviews/{interview.public_id}/"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"slot": first.public_id})
        client.post(url, {"slot": second.public_id})

    interview.refresh_from_db()
    assert (interview.slot, interview.sequence) == (second, 1)
    assert mail.outbox[-1].subject == "Your interview has moved: Home care worker"
    ics = mail.outbox[-1].attachments[0][1]
    assert f"UID:{interview.public_id}@carecareers" in ics
    assert "SEQUENCE:1" in ics
    html = client.get(url).content.decode()
    assert "Change my interview time" in html


def test_a_full_slot_cannot_be_booked_by_a_second_candidate(client, vacancy):
    only = slot(vacancy, capacity=1)
    first = Interview.objects.create(application=ApplicationFactory(vacancy=vacancy, interview=True))
    second = Interview.objects.create(application=ApplicationFactory(vacancy=vacancy, interview=True))
    client.post(f"/interviews/{first.public_id}/", {"slot": only.public_id})

    page = client.get(f"/interviews/{second.public_id}/")
    assert "There are no times available right now" in page.content.decode()
    client.post(f"/interviews/{second.public_id}/", {"slot": only.public_id})
    second.refresh_from_db()
    assert second.slot is None


def test_booking_links_of_closed_applications_do_not_book(client, vacancy):
    interview = Interview.objects.create(application=ApplicationFactory(vacancy=vacancy, rejected=True))
    open_slot = slot(vacancy)
    page = client.post(f"/interviews/{interview.public_id}/", {"slot": open_slot.public_id}, follow=True)
    assert "no longer open" in page.content.decode()
    interview.refresh_from_db()
    assert interview.slot is None


def test_reminders_go_once_the_day_before(vacancy, django_capture_on_commit_callbacks):
    app = ApplicationFactory(vacancy=vacancy)
    tomorrow = slot(vacancy, days=1)
    Interview.objects.create(application=app, slot=tomorrow, status="booked")
    Interview.objects.create(
        application=ApplicationFactory(vacancy=vacancy), slot=slot(vacancy, days=5), status="booked"
    )

    with (
        time_machine.travel(tomorrow.starts_at - timedelta(hours=20)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert send_interview_reminders.delay().get() == 1
        assert send_due_reminders() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Reminder: your interview for Home care worker"


def test_no_show_is_recorded(client, recruiter_a, vacancy):
    interview = Interview.objects.create(
        application=ApplicationFactory(vacancy=vacancy, interview=True), slot=slot(vacancy), status="booked"
    )
    client.force_login(recruiter_a)
    client.post(f"/recruit/interviews/{interview.public_id}/outcome/", {"status": "no_show"})
    interview.refresh_from_db()
    assert interview.status == "no_show"
    assert (
        "Did not attend"
        in client.get(f"/recruit/applications/{interview.application.public_id}/").content.decode()
    )


def test_an_offer_can_be_withdrawn(
    client, recruiter_a, vacancy, candidate_user, django_capture_on_commit_callbacks
):
    app = ApplicationFactory(vacancy=vacancy, interview=True, candidate=candidate_user)
    client.force_login(recruiter_a)
    client.post(
        f"/recruit/applications/{app.public_id}/offer/",
        {"expected_stage": "interview", "dbs_level": "enhanced"},
    )

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/recruit/applications/{app.public_id}/offer/withdraw/",
            {"expected_stage": "offer", "reason": "The post was cut"},
        )

    app.refresh_from_db()
    offer = Offer.objects.get(application=app)
    assert (app.stage, offer.status, offer.withdrawal_reason) == ("rejected", "withdrawn", "The post was cut")
    assert mail.outbox[-1].subject == "Your offer for Home care worker"
    assert "Reason: The post was cut" in mail.outbox[-1].body


def test_disclosure_is_only_for_the_candidate_and_only_at_offer(
    client, recruiter_a, vacancy, candidate_user, jobseeker
):
    app = ApplicationFactory(vacancy=vacancy, interview=True, candidate=candidate_user)
    client.force_login(recruiter_a)
    client.post(
        f"/recruit/applications/{app.public_id}/offer/",
        {"expected_stage": "interview", "dbs_level": "enhanced"},
    )
    offer = Offer.objects.get(application=app)
    url = f"/offers/{offer.public_id}/disclosure/"

    client.force_login(jobseeker)
    assert client.get(url).status_code == 404
    client.force_login(candidate_user)
    assert "unspent convictions" in client.get(url).content.decode()
    page = client.post(url, {"has_unspent_convictions": "yes", "details": ""})
    assert "Give details of your unspent convictions" in page.content.decode()
    client.post(url, {"has_unspent_convictions": "yes", "details": "Driving offence, 2024"})
    offer.refresh_from_db()
    assert (offer.has_unspent_convictions, offer.disclosure_details) == (True, "Driving offence, 2024")

    app.stage = "rejected"
    app.save()
    assert client.get(url).status_code == 404


def test_recruiter_sees_the_disclosure_on_the_application(client, recruiter_a, vacancy):
    app = ApplicationFactory(vacancy=vacancy, offer=True)
    Offer.objects.create(
        application=app,
        has_unspent_convictions=True,
        disclosure_details="Caution, 2023",
        disclosed_at=timezone.now(),
    )
    client.force_login(recruiter_a)
    assert (
        "The candidate disclosed: Caution, 2023"
        in client.get(f"/recruit/applications/{app.public_id}/").content.decode()
    )


def dashboard_link(client, text):
    """The href of the dashboard link whose text starts with `text` (the candidate's /me/ page)."""
    html = client.get("/me/").content.decode()
    match = re.search(rf'<a[^>]*href="([^"]+)"[^>]*>{re.escape(text)}', html)
    assert match, f"No “{text}” link on the dashboard"
    return match.group(1)


def test_candidate_books_and_rebooks_from_their_dashboard_and_the_recruiter_sees_it(
    client, recruiter_a, vacancy, candidate_user, django_capture_on_commit_callbacks
):
    app = ApplicationFactory(vacancy=vacancy, candidate=candidate_user, shortlisted=True)
    first, second = slot(vacancy, days=3, hour=10), slot(vacancy, days=4, hour=14)
    client.force_login(recruiter_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/recruit/applications/{app.public_id}/move/",
            {"to": "interview", "expected_stage": "shortlisted"},
        )

    # Booking, from the dashboard rather than the email.
    client.force_login(candidate_user)
    assert "You are invited to an interview." in client.get("/me/").content.decode()
    booking = dashboard_link(client, "Book your interview")
    interview = Interview.objects.get(application=app)
    assert booking == f"/interviews/{interview.public_id}/"
    assert "Book this time" in client.get(booking).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(booking, {"slot": first.public_id}, follow=True)
    assert "Your interview is booked" in page.content.decode()
    assert mail.outbox[-1].subject == "Your interview is booked: Home care worker"

    # Rebooking, from the dashboard again.
    html = client.get("/me/").content.decode()
    assert f"Your interview is on <strong>{first.starts_at:%A} " in html
    rebooking = dashboard_link(client, "Change your interview time")
    assert rebooking == booking
    with django_capture_on_commit_callbacks(execute=True):
        client.post(rebooking, {"slot": second.public_id})
    interview.refresh_from_db()
    assert (interview.slot, interview.status, interview.sequence) == (second, "booked", 1)
    assert mail.outbox[-1].subject == "Your interview has moved: Home care worker"

    # The recruiter's dashboard lists it under upcoming interviews, at the new time.
    client.force_login(recruiter_a)
    html = client.get("/recruit/").content.decode()
    upcoming = html[html.index('id="upcoming"') :]
    assert "Priya Shah" in upcoming
    assert timezone.localtime(second.starts_at).strftime("%a %-d %b, %H:%M") in upcoming

    # Once it has happened, the candidate's dashboard no longer offers to book it.
    client.post(f"/recruit/interviews/{interview.public_id}/outcome/", {"status": "attended"})
    client.force_login(candidate_user)
    assert f"/interviews/{interview.public_id}/" not in client.get("/me/").content.decode()


def test_candidate_dashboard_shows_only_their_own_open_interviews(client, vacancy, candidate_user, jobseeker):
    mine = Interview.objects.create(
        application=ApplicationFactory(vacancy=vacancy, interview=True, candidate=candidate_user)
    )
    theirs = Interview.objects.create(
        application=ApplicationFactory(vacancy=vacancy, interview=True, candidate=jobseeker)
    )
    closed = Interview.objects.create(
        application=ApplicationFactory(
            vacancy=VacancyFactory(organisation=vacancy.organisation), rejected=True, candidate=candidate_user
        )
    )
    client.force_login(candidate_user)
    html = client.get("/me/").content.decode()
    assert str(mine.public_id) in html
    assert str(theirs.public_id) not in html
    assert str(closed.public_id) not in html


def test_candidate_answers_the_criminal_record_questions_from_their_dashboard(
    client, recruiter_a, vacancy, candidate_user
):
    app = ApplicationFactory(vacancy=vacancy, interview=True, candidate=candidate_user)
    client.force_login(recruiter_a)
    client.post(
        f"/recruit/applications/{app.public_id}/offer/",
        {"expected_stage": "interview", "dbs_level": "enhanced"},
    )

    client.force_login(candidate_user)
    link = dashboard_link(client, "Answer the criminal record questions")
    assert link == f"/offers/{Offer.objects.get(application=app).public_id}/disclosure/"
    client.post(link, {"has_unspent_convictions": "no"})
    assert Offer.objects.get(application=app).has_unspent_convictions is False
    assert dashboard_link(client, "Change your answer to the criminal record questions") == link
