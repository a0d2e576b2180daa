"""Structured outcomes: a reason on every "not progressed", the organisation's own list of reasons
and the report of them; bulk moves with a confirmation and an undo window; and the notice owed to
applicants still waiting when a vacancy closes or fills."""

from datetime import timedelta

import pytest
import time_machine

from django.core import mail
from django.utils import timezone

from ats.models import (
    ApplicationEvent,
    BulkAction,
    CandidateMessage,
    ClosureNotice,
    RejectionOutcome,
    RejectionReason,
    Vacancy,
)
from ats.pipeline.outcomes import DEFAULT_REASONS, reasons_for
from ats.pipeline.tasks import send_closure_notices
from cms.models import OutboxEmail
from tests.ats.bulk_support import send_held_emails
from tests.factories import ApplicationFactory, UserFactory, VacancyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]


@pytest.fixture
def vacancy(employer_a):
    return VacancyFactory(organisation=employer_a, title="Home care worker")


def person(vacancy, name, **traits):
    first, last = name.split(" ")
    return ApplicationFactory(
        vacancy=vacancy,
        candidate=UserFactory(first_name=first, last_name=last, email=f"{first.lower()}@example.org"),
        **traits,
    )


def reason(organisation, label="Not enough availability for the hours needed"):
    reasons_for(organisation)
    return RejectionReason.objects.get(organisation=organisation, label=label)


# A reason on every "not progressed"


def test_not_progressing_without_a_reason_is_refused_and_changes_nothing(client, recruiter_a, vacancy):
    app = person(vacancy, "Amira Begum")
    client.force_login(recruiter_a)

    page = client.post(
        f"/recruit/applications/{app.public_id}/move/", {"to": "rejected", "expected_stage": "applied"}
    )

    assert page.status_code == 400
    assert "Choose why the application is not progressing" in page.content.decode()
    app.refresh_from_db()
    assert app.stage == "applied"
    assert not app.events.exists()


def test_not_progressing_records_the_reason_and_sends_the_kind_email(
    client, recruiter_a, vacancy, employer_a, django_capture_on_commit_callbacks
):
    app = person(vacancy, "Amira Begum")
    availability = reason(employer_a)
    client.force_login(recruiter_a)

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            f"/recruit/applications/{app.public_id}/move/",
            {
                "to": "rejected",
                "expected_stage": "applied",
                "reason": availability.pk,
                "reason_detail": "Needs school hours only",
                "notify": "on",
            },
            follow=True,
        )

    app.refresh_from_db()
    assert app.stage == "rejected"
    outcome = RejectionOutcome.objects.get(application=app)
    assert (outcome.reason_label, outcome.detail, outcome.from_stage) == (
        "Not enough availability for the hours needed",
        "Needs school hours only",
        "applied",
    )
    html = page.content.decode()
    assert (
        "Not progressed:</strong> Not enough availability for the hours needed. Needs school hours only"
        in html
    )
    (email,) = mail.outbox
    assert email.to == ["amira@example.org"]
    assert email.subject == "Your application for Home care worker"
    assert "Dear Amira," in email.body
    assert "We have decided not to take your application further this time" in email.body
    assert "school hours" not in email.body  # the reason is the organisation's, not the candidate's


def test_another_organisations_reason_cannot_be_used(client, recruiter_a, vacancy, employer_b):
    app = person(vacancy, "Amira Begum")
    theirs = reason(employer_b)
    client.force_login(recruiter_a)

    page = client.post(
        f"/recruit/applications/{app.public_id}/move/",
        {"to": "rejected", "expected_stage": "applied", "reason": theirs.pk},
    )

    assert page.status_code == 400
    app.refresh_from_db()
    assert app.stage == "applied"


def test_withdrawing_an_offer_records_it_as_the_reason(client, recruiter_a, vacancy):
    from ats.pipeline.offers import make_offer, withdraw_offer

    app = person(vacancy, "Amira Begum", interview=True)
    make_offer(app, by=recruiter_a, expected_stage="interview")
    withdraw_offer(app, by=recruiter_a, expected_stage="offer", reason="The post was cut")

    assert RejectionOutcome.objects.get(application=app).detail == "Offer withdrawn: The post was cut"


# The organisation's list of reasons and the report


def test_an_organisation_starts_with_a_list_and_edits_it(client, recruiter_a, employer_a):
    client.force_login(recruiter_a)
    url = f"/recruit/organisations/{employer_a.public_id}/outcomes/"

    html = client.get(url).content.decode()
    assert all(label in html for label in DEFAULT_REASONS)

    client.post(url, {"label": "Withdrew interest at the phone screen"})
    assert "Withdrew interest at the phone screen" in client.get(url).content.decode()
    duplicate = client.post(url, {"label": "withdrew interest at the phone screen"})
    assert "is already on your list" in duplicate.content.decode()

    distance = reason(employer_a, "Too far from the work, or no transport")
    client.post(url, {"archive": distance.pk}, follow=True)
    distance.refresh_from_db()
    assert distance.archived
    app = person(VacancyFactory(organisation=employer_a), "Tom Hewitt")
    form_html = client.get(f"/recruit/applications/{app.public_id}/").content.decode()
    assert "Too far from the work" not in form_html  # no longer offered
    assert "Withdrew interest at the phone screen" in form_html


def test_a_viewer_cannot_change_the_list(client, viewer_a, employer_a):
    client.force_login(viewer_a)
    response = client.post(f"/recruit/organisations/{employer_a.public_id}/outcomes/", {"label": "Sneaky"})
    assert response.status_code == 404
    assert not RejectionReason.objects.filter(label="Sneaky").exists()


def test_the_report_counts_reasons_before_and_after_interview_for_this_organisation_only(
    client, recruiter_a, vacancy, employer_a, employer_b
):
    from ats.pipeline.moves import move_application

    availability = reason(employer_a)
    for n, stage in enumerate(["applied", "screening", "interview"]):
        app = person(vacancy, f"P{n} Person", **({stage: True} if stage != "applied" else {}))
        move_application(app, "rejected", by=recruiter_a, reason=availability)
    other = person(VacancyFactory(organisation=employer_b), "Bea Other")
    move_application(other, "rejected", by=recruiter_a, reason_detail="Their secret reason")
    client.force_login(recruiter_a)

    html = client.get(f"/recruit/organisations/{employer_a.public_id}/outcomes/").content.decode()

    assert "3 applications not progressed" in html
    row = html.index('<th scope="row">Not enough availability for the hours needed</th>')
    assert '<td class="num">2</td><td class="num">1</td><td class="num">3</td>' in html[row : row + 200]
    assert "Their secret reason" not in html


def test_another_organisations_report_is_not_found(client, recruiter_a, employer_b):
    client.force_login(recruiter_a)
    assert client.get(f"/recruit/organisations/{employer_b.public_id}/outcomes/").status_code == 404


# Bulk moves: confirm, then an undo window before the emails go


def bulk(client, vacancy, apps, to="rejected", **extra):
    return client.post(
        f"/recruit/vacancies/{vacancy.public_id}/bulk/",
        {"selected": [f"{a.public_id}:{a.stage}" for a in apps], "to": to, "notify": "on", **extra},
        follow=True,
    )


def test_bulk_confirmation_says_how_many_will_be_emailed_and_moves_nobody(client, recruiter_a, vacancy):
    apps = [person(vacancy, "Amira Begum"), person(vacancy, "Tom Hewitt")]
    no_email = ApplicationFactory(vacancy=vacancy, candidate=None, snapshot={"name": "Guest Person"})
    client.force_login(recruiter_a)

    html = bulk(client, vacancy, [*apps, no_email]).content.decode()

    assert "3 applications will move to “Not progressed”." in html
    assert "2 people will be emailed." in html
    assert "1 candidate has no email address and will not be told." in html
    assert "Move 3 and email 2" in html
    assert vacancy.applications.filter(stage="rejected").count() == 0
    assert not OutboxEmail.objects.exists()


def test_confirming_a_bulk_rejection_needs_a_reason(client, recruiter_a, vacancy):
    apps = [person(vacancy, "Amira Begum")]
    client.force_login(recruiter_a)

    page = bulk(client, vacancy, apps, confirmed="yes")

    assert page.status_code == 400
    assert "Choose why the application is not progressing" in page.content.decode()
    assert vacancy.applications.filter(stage="rejected").count() == 0


def test_undo_within_the_window_puts_everyone_back_and_no_email_goes(
    client, recruiter_a, vacancy, employer_a, django_capture_on_commit_callbacks
):
    apps = [person(vacancy, "Amira Begum"), person(vacancy, "Tom Hewitt", screening=True)]
    client.force_login(recruiter_a)
    with django_capture_on_commit_callbacks(execute=True):
        page = bulk(client, vacancy, apps, confirmed="yes", reason=reason(employer_a).pk)
    assert "2 moved." in page.content.decode()
    assert "2 applications moved to “Not progressed”: their emails go at" in page.content.decode()
    assert mail.outbox == []
    assert CandidateMessage.objects.count() == 2
    action = BulkAction.objects.get()

    page = client.post(f"/recruit/vacancies/{vacancy.public_id}/bulk/{action.public_id}/undo/", follow=True)

    assert "Undone: 2 applications put back, and no emails sent." in page.content.decode()
    assert sorted(vacancy.applications.values_list("stage", flat=True)) == ["applied", "screening"]
    assert not RejectionOutcome.objects.exists()
    assert not CandidateMessage.objects.exists()
    assert ApplicationEvent.objects.filter(note="Undone: the bulk move to “Not progressed”").count() == 2
    send_held_emails()
    assert mail.outbox == []
    assert (
        "Undo this move"
        not in client.get(f"/recruit/vacancies/{vacancy.public_id}/applications/").content.decode()
    )


def test_undo_after_the_window_is_refused_and_the_emails_have_gone(
    client, recruiter_a, vacancy, employer_a, django_capture_on_commit_callbacks
):
    apps = [person(vacancy, "Amira Begum")]
    client.force_login(recruiter_a)
    with django_capture_on_commit_callbacks(execute=True):
        bulk(client, vacancy, apps, confirmed="yes", reason=reason(employer_a).pk)
    send_held_emails()
    assert len(mail.outbox) == 1
    action = BulkAction.objects.get()

    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        page = client.post(
            f"/recruit/vacancies/{vacancy.public_id}/bulk/{action.public_id}/undo/", follow=True
        )

    assert "It is too late to undo this bulk move" in page.content.decode()
    apps[0].refresh_from_db()
    assert apps[0].stage == "rejected"


def test_undo_leaves_an_application_someone_has_moved_since(client, recruiter_a, vacancy):
    from ats.pipeline.moves import move_application

    apps = [person(vacancy, "Amira Begum"), person(vacancy, "Tom Hewitt")]
    client.force_login(recruiter_a)
    bulk(client, vacancy, apps, to="screening", confirmed="yes")
    move_application(apps[0], "shortlisted", by=recruiter_a)
    action = BulkAction.objects.get()

    client.post(f"/recruit/vacancies/{vacancy.public_id}/bulk/{action.public_id}/undo/")

    apps[0].refresh_from_db()
    apps[1].refresh_from_db()
    assert (apps[0].stage, apps[1].stage) == ("shortlisted", "applied")


def test_another_organisation_cannot_undo(client, recruiter_a, recruiter_b, vacancy):
    apps = [person(vacancy, "Amira Begum")]
    client.force_login(recruiter_a)
    bulk(client, vacancy, apps, to="screening", confirmed="yes")
    action = BulkAction.objects.get()

    client.force_login(recruiter_b)
    response = client.post(f"/recruit/vacancies/{vacancy.public_id}/bulk/{action.public_id}/undo/")

    assert response.status_code == 404
    apps[0].refresh_from_db()
    assert apps[0].stage == "screening"


# A closed or filled vacancy's applicants are told


def test_closed_vacancy_applicants_are_told_within_the_set_days_except_those_held_back(
    client, recruiter_a, vacancy, employer_a, settings, django_capture_on_commit_callbacks
):
    settings.CLOSURE_NOTICE_DAYS = 5
    employer_a.email = "jobs@alpha.example"
    employer_a.save()
    waiting = [person(vacancy, "Amira Begum"), person(vacancy, "Tom Hewitt", interview=True)]
    kept = person(vacancy, "Grace Okafor", shortlisted=True)
    offered = person(vacancy, "Olu Offer", offer=True)
    start = timezone.now()

    with time_machine.travel(start, tick=False), django_capture_on_commit_callbacks(execute=True):
        send_closure_notices.delay()
        assert not ClosureNotice.objects.exists()  # still live: nobody is owed anything
        Vacancy.objects.filter(pk=vacancy.pk).update(status=Vacancy.Status.CLOSED)
        send_closure_notices.delay()
        send_closure_notices.delay()  # idempotent
    notice = ClosureNotice.objects.get()
    (review,) = mail.outbox
    assert review.to == ["jobs@alpha.example"]
    assert review.subject == "3 applicants to Home care worker are still waiting"
    assert f"/recruit/vacancies/{vacancy.public_id}/closing/" in review.body

    client.force_login(recruiter_a)
    html = client.get(f"/recruit/vacancies/{vacancy.public_id}/closing/").content.decode()
    assert "Hold back Grace Okafor" in html
    assert "Olu Offer" not in html  # offers in progress are the recruiter's to finish
    client.post(
        f"/recruit/vacancies/{vacancy.public_id}/closing/",
        {"held": [str(kept.public_id)], "action": "save"},
    )
    assert list(notice.held.all()) == [kept]

    with (
        time_machine.travel(start + timedelta(days=4, hours=23), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        send_closure_notices.delay()
    assert len(mail.outbox) == 1  # not due yet
    with (
        time_machine.travel(start + timedelta(days=5, minutes=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        send_closure_notices.delay()
        send_closure_notices.delay()

    told = sorted(email.to[0] for email in mail.outbox[1:])
    assert told == ["amira@example.org", "tom@example.org"]
    assert "This job is no longer open" in mail.outbox[1].body
    for app in waiting:
        app.refresh_from_db()
        assert app.stage == "rejected"
        assert app.outcomes.get().reason_label == "The job closed or its posts were filled"
    kept.refresh_from_db()
    offered.refresh_from_db()
    assert (kept.stage, offered.stage) == ("shortlisted", "offer")
    notice.refresh_from_db()
    assert notice.told == 2


def test_a_reopened_vacancy_tells_nobody(vacancy):
    app = person(vacancy, "Amira Begum")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        Vacancy.objects.filter(pk=vacancy.pk).update(status=Vacancy.Status.CLOSED)
        send_closure_notices.delay()
        Vacancy.objects.filter(pk=vacancy.pk).update(status=Vacancy.Status.LIVE)
    with time_machine.travel(start + timedelta(days=30), tick=False):
        send_closure_notices.delay()

    app.refresh_from_db()
    assert app.stage == "applied"
    assert mail.outbox == []
    assert not ClosureNotice.objects.exists()


def test_the_recruiter_can_tell_them_now_and_undo_it(client, recruiter_a, vacancy):
    apps = [person(vacancy, "Amira Begum"), person(vacancy, "Tom Hewitt")]
    Vacancy.objects.filter(pk=vacancy.pk).update(status=Vacancy.Status.FILLED)
    send_closure_notices.delay()
    client.force_login(recruiter_a)

    page = client.post(
        f"/recruit/vacancies/{vacancy.public_id}/closing/", {"held": [], "action": "tell"}, follow=True
    )

    assert "2 applicants will be told in 10 minutes" in page.content.decode()
    assert vacancy.applications.filter(stage="rejected").count() == 2
    action = BulkAction.objects.get()
    client.post(f"/recruit/vacancies/{vacancy.public_id}/bulk/{action.public_id}/undo/")
    assert vacancy.applications.filter(stage="applied").count() == 2
    assert ClosureNotice.objects.get().sent_at is None  # still owed, by its date
    send_held_emails()
    assert mail.outbox == []
    assert len(apps) == 2


def test_another_organisations_closure_page_is_not_found(client, recruiter_b, vacancy):
    person(vacancy, "Amira Begum")
    Vacancy.objects.filter(pk=vacancy.pk).update(status=Vacancy.Status.CLOSED)
    send_closure_notices.delay()
    client.force_login(recruiter_b)

    assert client.get(f"/recruit/vacancies/{vacancy.public_id}/closing/").status_code == 404
    assert (
        client.post(f"/recruit/vacancies/{vacancy.public_id}/closing/", {"action": "tell"}).status_code == 404
    )
    assert vacancy.applications.filter(stage="applied").count() == 1
