"""The jobseeker's dashboard: messages from employers, interviews to book, offers, job alerts and
event registrations, only ever their own, in a number of queries that does not grow with rows."""

from datetime import timedelta

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.text import slugify

from ats.models import CandidateMessage, Interview, InterviewSlot, JobAlert, Offer
from ats.pipeline.messaging import send_message
from campaign.models import EventIndexPage, EventPage, EventRegistration
from tests.factories import ApplicationFactory, UserFactory, VacancyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_page")]


@pytest.fixture
def events(home_page):
    index = home_page.add_child(instance=EventIndexPage(title="Events", slug="events"))

    def make(title, days, **extra):
        start = timezone.now() + timedelta(days=days)
        return index.add_child(
            instance=EventPage(
                title=title,
                slug=slugify(title),
                summary="Meet employers.",
                start=start,
                end=start + timedelta(hours=3),
                **extra,
            )
        )

    return make


def give_jobseeker_one_of_everything(jobseeker, employer, events, n: int) -> None:
    """n applications with a message, an interview to book, a booked interview, an offer, an alert
    and an event registration each."""
    for i in range(n):
        vacancy = VacancyFactory(organisation=employer, title=f"Care worker {n}-{i}")
        application = ApplicationFactory(vacancy=vacancy, candidate=jobseeker, interview=True)
        send_message(application, subject=f"Hello {n}-{i}", body="Dear {first_name}, thanks.")
        Interview.objects.create(application=application)
        booked_vacancy = VacancyFactory(organisation=employer)
        booked = ApplicationFactory(vacancy=booked_vacancy, candidate=jobseeker, interview=True)
        slot = InterviewSlot.objects.create(
            vacancy=booked_vacancy, starts_at=timezone.now() + timedelta(days=3), place="Room 1"
        )
        Interview.objects.create(application=booked, slot=slot, status=Interview.Status.BOOKED)
        offered = ApplicationFactory(
            vacancy=VacancyFactory(organisation=employer), candidate=jobseeker, offer=True
        )
        Offer.objects.create(application=offered)
        JobAlert.objects.create(
            user=jobseeker, email=jobseeker.email, description=f"Alert {n}-{i}", confirmed_at=timezone.now()
        )
        event = events(f"Fair {n} {i}", days=5 + i, venue_name="Civic Centre", postcode="NE1 8QH")
        EventRegistration.objects.create(event=event, name="Jo", email=jobseeker.email)


def test_messages_from_employers_are_listed_newest_first_with_unread_marked(
    client, jobseeker, recruiter_a, employer_a
):
    application = ApplicationFactory(
        vacancy=VacancyFactory(organisation=employer_a, title="Night carer"), candidate=jobseeker
    )
    client.force_login(recruiter_a)
    for subject in ("First message", "Second message"):
        response = client.post(
            f"/recruit/applications/{application.public_id}/message/",
            {"subject": subject, "body": "Dear {first_name},\n\nCan you call us?"},
        )
        assert response.status_code == 302
    client.force_login(jobseeker)

    html = client.get("/me/").content.decode()

    assert "You have 2 unread messages." in html
    assert html.index("Second message") < html.index("First message")
    assert html.count(">Unread</strong>") == 2
    assert "From Alpha Home Care about Night carer" in html

    newest = CandidateMessage.objects.get(subject="Second message")
    page = client.get(f"/me/messages/{newest.public_id}/").content.decode()
    assert "Dear Jo," in page and "Can you call us?" in page

    html = client.get("/me/").content.decode()
    assert "You have 1 unread message." in html
    assert html.count(">Unread</strong>") == 1
    detail = client.get(f"/me/applications/{application.public_id}/").content.decode()
    assert "Messages from Alpha Home Care" in detail
    assert f'href="/me/messages/{newest.public_id}/">Second message' in detail


def test_nobody_else_can_read_a_candidates_messages(client, jobseeker, employer_a):
    application = ApplicationFactory(vacancy=VacancyFactory(organisation=employer_a), candidate=jobseeker)
    send_message(application, subject="Private", body="Only for Jo")
    message = CandidateMessage.objects.get()

    client.force_login(UserFactory())

    assert client.get(f"/me/messages/{message.public_id}/").status_code == 404
    assert "Private" not in client.get("/me/").content.decode()
    assert "Private" not in client.get("/me/messages/").content.decode()
    message.refresh_from_db()
    assert message.read_at is None


def test_interviews_to_book_and_booked_interviews_have_book_and_change_links(client, jobseeker, employer_a):
    invited = ApplicationFactory(
        vacancy=VacancyFactory(organisation=employer_a, title="Day carer"),
        candidate=jobseeker,
        interview=True,
    )
    invitation = Interview.objects.create(application=invited)
    booked_app = ApplicationFactory(
        vacancy=VacancyFactory(organisation=employer_a, title="Senior carer"),
        candidate=jobseeker,
        interview=True,
    )
    slot = InterviewSlot.objects.create(
        vacancy=booked_app.vacancy, starts_at=timezone.now() + timedelta(days=2), place="Heaton office"
    )
    booked = Interview.objects.create(application=booked_app, slot=slot, status=Interview.Status.BOOKED)
    past_app = ApplicationFactory(
        vacancy=VacancyFactory(organisation=employer_a, title="Past role"),
        candidate=jobseeker,
        interview=True,
    )
    old_slot = InterviewSlot.objects.create(
        vacancy=past_app.vacancy, starts_at=timezone.now() - timedelta(days=2), place="Old office"
    )
    Interview.objects.create(application=past_app, slot=old_slot, status=Interview.Status.BOOKED)
    client.force_login(jobseeker)

    html = client.get("/me/").content.decode()

    assert f'href="/interviews/{invitation.public_id}/">Book your interview' in html
    assert f'href="/interviews/{booked.public_id}/">Change your interview time' in html
    assert "Heaton office" in html
    assert "Old office" not in html


def test_job_alerts_are_listed_with_a_link_that_stops_them(client, jobseeker):
    mine = JobAlert.objects.create(
        user=jobseeker, email=jobseeker.email, description="Care worker near NE1", confirmed_at=timezone.now()
    )
    JobAlert.objects.create(email=jobseeker.email.upper(), description="Made while signed out")
    JobAlert.objects.create(email="someone@else.example", description="Someone else's alert")
    JobAlert.objects.create(
        user=jobseeker, email=jobseeker.email, description="Stopped already", unsubscribed_at=timezone.now()
    )
    client.force_login(jobseeker)

    html = client.get("/me/").content.decode()

    assert "Care worker near NE1" in html and "Made while signed out" in html
    assert "Waiting for you to confirm it" in html  # the signed-out one was never confirmed
    assert "Someone else" not in html and "Stopped already" not in html
    link = html.split("Care worker near NE1", 1)[1].split('href="', 1)[1].split('"', 1)[0]
    assert link.startswith("/jobs/alerts/unsubscribe/")
    assert client.post(link).status_code == 200
    mine.refresh_from_db()
    assert mine.unsubscribed_at is not None
    assert "Care worker near NE1" not in client.get("/me/").content.decode()


def test_upcoming_event_registrations_show_date_and_venue(client, jobseeker, events):
    fair = events(
        "Newcastle jobs fair", days=7, venue_name="Civic Centre", address="Barras Bridge", postcode="NE1 8QH"
    )
    past = events("Last year's fair", days=-30, venue_name="Old Hall")
    other = events("Sunderland open day", days=9, venue_name="Sunderland Hall")
    EventRegistration.objects.create(event=fair, name="Jo", email=jobseeker.email.upper())
    EventRegistration.objects.create(event=past, name="Jo", email=jobseeker.email)
    EventRegistration.objects.create(event=other, name="Someone", email="someone@else.example")
    client.force_login(jobseeker)

    html = client.get("/me/").content.decode()

    assert "Newcastle jobs fair" in html
    assert timezone.localtime(fair.start).strftime("%A %-d %B %Y") in html
    assert "Civic Centre, Barras Bridge NE1 8QH" in html
    assert 'href="/events/newcastle-jobs-fair/"' in html
    assert "Last year" not in html and "Sunderland" not in html


def test_an_unverified_address_does_not_show_someone_elses_registrations(client, events):
    from allauth.account.models import EmailAddress

    user = UserFactory(email="claims@example.org", verified=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    EventRegistration.objects.create(
        event=events("Open day", days=3), name="Real", email="claims@example.org"
    )
    client.force_login(user)

    assert "Open day" not in client.get("/me/").content.decode()


def test_dashboard_queries_do_not_grow_with_the_number_of_rows(client, jobseeker, employer_a, events):
    give_jobseeker_one_of_everything(jobseeker, employer_a, events, 1)
    client.force_login(jobseeker)
    client.get("/me/")  # warm caches that are filled once per process (site root paths, etc.)
    with CaptureQueriesContext(connection) as one:
        first = client.get("/me/").content.decode()

    give_jobseeker_one_of_everything(jobseeker, employer_a, events, 4)
    with CaptureQueriesContext(connection) as many:
        html = client.get("/me/").content.decode()

    assert "Hello 1-0" in first and "Fair 1 0" in first and "Alert 1-0" in first
    assert "Fair 4 3" in html and "Alert 4-3" in html and "Care worker 4-3" in html
    assert html.count("Book your interview") == 5 and html.count("Change your interview time") == 5
    assert html.count("Answer the criminal record questions") == 5
    assert len(many.captured_queries) == len(one.captured_queries), "\n".join(
        q["sql"] for q in many.captured_queries
    )


def test_messages_are_in_the_data_download_and_erased_with_the_application(client, jobseeker, employer_a):
    import io
    import json
    import zipfile

    from ats.privacy.erasure import erase_application

    application = ApplicationFactory(vacancy=VacancyFactory(organisation=employer_a), candidate=jobseeker)
    send_message(application, subject="About your interview", body="Dear {first_name}, see you soon.")
    client.force_login(jobseeker)

    archive = zipfile.ZipFile(io.BytesIO(client.post("/me/download-my-data/").content))
    [exported] = json.loads(archive.read("my-data.json"))["applications"]
    assert exported["messages_from_the_employer"][0]["subject"] == "About your interview"
    assert exported["messages_from_the_employer"][0]["message"] == "Dear Jo, see you soon."

    erase_application(application)

    assert not CandidateMessage.objects.exists()
