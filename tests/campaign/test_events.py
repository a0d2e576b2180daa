"""Event registration: stored with attribution, calendar invite, refusals, reminders, retention."""

import logging
from datetime import timedelta

import pytest
import time_machine
from dateutil.relativedelta import relativedelta

from django.core import mail
from django.utils import timezone

from campaign.models import EventPage, EventRegistration
from campaign.services.events import FULL_MESSAGE, PAST_MESSAGE
from campaign.tasks import send_event_reminders
from tests.fixtures.campaign_site import at, publish

# Emails are sent by Celery tasks: run them here in the real-services variant too.
pytestmark = pytest.mark.usefixtures("eager_celery")


def register(client, event, **data):
    payload = {"name": "Jo Bloggs", "email": "jo@example.org", "phone": "", **data}
    return client.post(event.url + "register/", payload)


def test_registration_stores_the_registrant_and_campaign_attribution(
    client, site, django_capture_on_commit_callbacks
):
    client.get(site.home.url + "?utm_source=bus&utm_campaign=homecare")

    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, site.event)

    assert response.status_code == 302
    registration = EventRegistration.objects.get()
    assert registration.name == "Jo Bloggs" and registration.email == "jo@example.org"
    assert registration.attribution["first"]["utm_source"] == "bus"
    assert registration.attribution["last"]["utm_campaign"] == "homecare"
    done = client.get(response["Location"])
    assert "You're registered" in done.content.decode()


def test_registration_emails_an_icalendar_invite(client, site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register(client, site.event)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jo@example.org"]
    assert "Newcastle jobs fair" in message.subject
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    assert "BEGIN:VEVENT" in content and "SUMMARY:Newcastle jobs fair" in content
    assert "DTSTART:" in content and "LOCATION:Civic Centre\\, Barras Bridge\\, NE1 8QH" in content


def test_registration_for_a_full_event_is_refused_with_a_clear_message(client, site):
    site.event.capacity = 1
    publish(site.event)
    EventRegistration.objects.create(event=site.event, name="First", email="first@example.org")

    page = client.get(site.event.url).content.decode()
    response = register(client, site.event)

    assert "This event is full." in page and "Register for this event" not in page
    assert response.status_code == 200
    assert FULL_MESSAGE in response.content.decode()
    assert EventRegistration.objects.count() == 1


def test_registration_for_a_past_event_is_refused(client, site):
    site.event.start, site.event.end = at(-2), at(-2, 13)
    publish(site.event)

    response = register(client, site.event)

    assert PAST_MESSAGE in response.content.decode()
    assert not EventRegistration.objects.exists()


def test_registering_twice_with_the_same_email_is_refused(client, site):
    register(client, site.event)
    response = register(client, site.event, email="JO@example.org")

    assert "You have already registered" in response.content.decode()
    assert EventRegistration.objects.count() == 1


def test_registration_form_errors_are_summarised_and_linked(client, site):
    response = register(client, site.event, name="", email="not-an-email")

    html = response.content.decode()
    assert "There is a problem" in html
    assert '<a href="#id_name">Enter your full name</a>' in html
    assert "Enter an email address in the correct format" in html


@pytest.mark.django_db
def test_reminders_go_the_day_before_and_only_once(site, django_capture_on_commit_callbacks):
    EventRegistration.objects.create(event=site.event, name="Jo", email="jo@example.org")
    day_before = site.event.start - timedelta(days=1)

    with (
        time_machine.travel(day_before - timedelta(days=2)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert send_event_reminders() == 0
    with time_machine.travel(day_before), django_capture_on_commit_callbacks(execute=True):
        assert send_event_reminders() == 1
        assert send_event_reminders() == 0

    assert [m.subject for m in mail.outbox] == ["Tomorrow: Newcastle jobs fair"]
    assert EventRegistration.objects.get().reminder_sent_at is not None
    assert timezone.now()  # clock restored


@pytest.mark.django_db
def test_registrants_are_deleted_six_months_after_their_event_and_the_purge_is_logged(
    client, site, caplog, django_capture_on_commit_callbacks
):
    from campaign.tasks import purge_event_registrations
    from cms.models import OutboxEmail

    caplog.set_level(logging.INFO, logger="campaign.services.events")
    later = EventPage(
        title="Spring open day", slug="spring", summary="Come in.", start=at(60), end=at(60, 13)
    )
    site.events.add_child(instance=later)
    publish(later)
    with django_capture_on_commit_callbacks(execute=True):
        register(client, site.event)
        register(client, later)  # the same person, a later event
    assert EventRegistration.objects.count() == 2 and OutboxEmail.objects.count() == 2

    with time_machine.travel(site.event.end + relativedelta(months=6) - timedelta(days=1)):
        assert purge_event_registrations() == {"registrations": 0, "events": 0, "emails": 0}
    with time_machine.travel(site.event.end + relativedelta(months=6) + timedelta(days=1)):
        assert purge_event_registrations() == {"registrations": 1, "events": 1, "emails": 1}
        assert purge_event_registrations() == {"registrations": 0, "events": 0, "emails": 0}

    remaining = EventRegistration.objects.get()
    assert remaining.event_id == later.pk  # the later event's registration is kept
    assert OutboxEmail.objects.get().to == ["jo@example.org"]  # and its invite
    assert f"UID:event-{later.pk}-" in str(OutboxEmail.objects.get().attachments)
    assert (
        f"deleted 1 registrations and 1 emails of event {site.event.pk} (Newcastle jobs fair" in caplog.text
    )


@pytest.mark.django_db
def test_registration_retention_months_can_be_changed(site, settings):
    from campaign.tasks import purge_event_registrations

    settings.EVENT_REGISTRATION_RETENTION_MONTHS = 1
    EventRegistration.objects.create(event=site.event, name="Jo", email="jo@example.org")

    with time_machine.travel(site.event.end + relativedelta(months=1, days=1)):
        assert purge_event_registrations()["registrations"] == 1

    assert not EventRegistration.objects.exists()


def test_registration_purge_runs_daily_from_celery_beat(settings):
    from campaign.tasks import purge_event_registrations

    entry = settings.CELERY_BEAT_SCHEDULE["purge-event-registrations"]
    assert entry["task"] == purge_event_registrations.name and entry["schedule"] == 24 * 3600


def test_access_needs_are_asked_at_registration_and_shown_to_the_organisers(client, site, regional_admin):
    form = client.get(site.event.url + "register/").content.decode()
    assert "Do you need any support or access arrangements to come?" in form

    register(client, site.event, access_needs="Step-free access and a BSL interpreter")

    registration = EventRegistration.objects.get()
    assert registration.access_needs == "Step-free access and a BSL interpreter"
    client.force_login(regional_admin)
    listing = client.get("/admin/snippets/campaign/eventregistration/").content.decode()
    assert "Step-free access and a BSL interpreter" in listing
