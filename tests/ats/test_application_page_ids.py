"""Issue 21.9: every form on the application page has its own ids, so each label names its own field."""

import re
from datetime import timedelta

import pytest

from django.utils import timezone

from ats.models import Interview, InterviewSlot, RatingCriterion
from tests.conftest import duplicate_ids
from tests.factories import ApplicationFactory, VacancyFactory
from tests.fixtures.signed_in import SignedInClient

pytestmark = pytest.mark.django_db


def label_target(html: str, label: str) -> str:
    """The markup of the field that the label with this text points at."""
    for_id = re.search(rf'<label[^>]*for="([^"]+)"[^>]*>\s*{re.escape(label)}', html).group(1)
    return re.search(rf'<(?:textarea|select|input)[^>]*id="{re.escape(for_id)}"[^>]*>', html).group(0)


def test_message_and_note_labels_point_at_their_own_boxes(recruiter_a, employer_a):
    application = ApplicationFactory(vacancy=VacancyFactory(organisation=employer_a))
    client = SignedInClient()  # not the id-checking client: this test reads the ids itself
    client.force_login(recruiter_a)

    html = client.get(f"/recruit/applications/{application.public_id}/").content.decode()

    message_form = html[html.index('id="h-message"') :]
    note_form = html[html.index('id="h-notes"') : html.index('id="h-history"')]
    assert label_target(html, "Message") in message_form
    assert (
        label_target(html, "Email template") in html[html.index('id="h-move"') : html.index('id="h-message"')]
    )
    assert label_target(html, "Add a private note") in note_form
    assert duplicate_ids(html) == []


def test_an_application_with_two_interviews_and_an_offer_form_repeats_no_id(recruiter_a, employer_a):
    vacancy = VacancyFactory(organisation=employer_a)
    application = ApplicationFactory(vacancy=vacancy, interview=True)
    RatingCriterion.objects.create(vacancy=vacancy, name="Values")
    for days in (1, 2):
        slot = InterviewSlot.objects.create(
            vacancy=vacancy, starts_at=timezone.now() + timedelta(days=days), place="Office", capacity=1
        )
        Interview.objects.create(application=application, slot=slot, status=Interview.Status.BOOKED)
    client = SignedInClient()
    client.force_login(recruiter_a)

    html = client.get(f"/recruit/applications/{application.public_id}/").content.decode()

    assert html.count("Record outcome") == 2 and "Make offer" in html
    assert duplicate_ids(html) == []


def test_the_check_finds_repeated_ids():
    assert duplicate_ids('<p id="a"></p><input id="b"><textarea id="a"></textarea>') == ["a"]
