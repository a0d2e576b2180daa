"""The pipeline pages: list, board, filters, bulk moves, the application page, anonymisation,
CV download, notes, ratings, messages, export and the personal data log."""

import csv
import io

import pytest

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ats.models import (
    ApplicationEvent,
    Membership,
    MessageTemplate,
    Note,
    PersonalDataAccess,
    Rating,
    RatingCriterion,
)
from tests.ats.bulk_support import send_held_emails
from tests.factories import (
    ApplicationFactory,
    ApplicationWithCVFactory,
    CVFactory,
    MembershipFactory,
    UserFactory,
    VacancyFactory,
    with_totp,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]


@pytest.fixture
def vacancy(employer_a):
    return VacancyFactory(organisation=employer_a, title="Home care worker")


def candidate(name="Priya Shah", email="priya@example.org"):
    first, last = name.split(" ")
    return UserFactory(first_name=first, last_name=last, email=email)


def test_list_shows_applications_with_distance_flags_and_rating(client, recruiter_a, vacancy):
    app = ApplicationFactory(
        vacancy=vacancy, candidate=candidate(), distance_miles=3.24, knockout_flags=["No driving licence"]
    )
    criterion = RatingCriterion.objects.create(vacancy=vacancy, name="Values")
    Rating.objects.create(application=app, criterion=criterion, rater=recruiter_a, score=4)
    client.force_login(recruiter_a)

    html = client.get(f"/recruit/vacancies/{vacancy.public_id}/applications/").content.decode()

    assert "Priya Shah" in html
    assert "3.2 mi" in html
    assert "1 flag" in html
    assert "4.0" in html


def test_filters_by_stage_flags_distance_and_rating(client, recruiter_a, vacancy):
    near = ApplicationFactory(
        vacancy=vacancy, candidate=candidate("Near Person", "near@example.org"), distance_miles=2
    )
    ApplicationFactory(
        vacancy=vacancy, candidate=candidate("Far Person", "far@example.org"), distance_miles=25
    )
    ApplicationFactory(
        vacancy=vacancy,
        candidate=candidate("Flagged Person", "flag@example.org"),
        knockout_flags=["Under 18"],
        screening=True,
    )
    criterion = RatingCriterion.objects.create(vacancy=vacancy, name="Values")
    Rating.objects.create(application=near, criterion=criterion, rater=recruiter_a, score=5)
    client.force_login(recruiter_a)
    url = f"/recruit/vacancies/{vacancy.public_id}/applications/"

    def names(**params):
        html = client.get(url, params).content.decode()
        return {n for n in ("Near Person", "Far Person", "Flagged Person") if n in html}

    assert names(max_distance="10") == {"Near Person"}
    assert names(flags="some") == {"Flagged Person"}
    assert names(flags="none") == {"Near Person", "Far Person"}
    assert names(stage="screening") == {"Flagged Person"}
    assert names(min_rating="4") == {"Near Person"}


def test_htmx_filter_returns_only_the_results(client, recruiter_a, vacancy):
    ApplicationFactory(vacancy=vacancy)
    client.force_login(recruiter_a)
    response = client.get(f"/recruit/vacancies/{vacancy.public_id}/applications/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "1 application" in html
    assert "<html" not in html


def test_board_has_a_column_per_stage_with_its_cards(client, recruiter_a, vacancy):
    ApplicationFactory(vacancy=vacancy, candidate=candidate("Ann Applied", "ann@example.org"))
    ApplicationFactory(
        vacancy=vacancy, candidate=candidate("Ian Interview", "ian@example.org"), interview=True
    )
    client.force_login(recruiter_a)

    html = client.get(f"/recruit/vacancies/{vacancy.public_id}/board/").content.decode()

    applied = html.index('id="col-applied"')
    interview = html.index('id="col-interview"')
    assert applied < html.index("Ann Applied") < interview < html.index("Ian Interview")


@pytest.mark.parametrize("page", ["applications", "board"])
def test_pipeline_list_and_board_use_at_most_15_queries_whatever_the_number_of_applications(
    client, recruiter_a, vacancy, page
):
    client.force_login(recruiter_a)
    url = f"/recruit/vacancies/{vacancy.public_id}/{page}/"
    criterion = RatingCriterion.objects.create(vacancy=vacancy, name="Values")
    client.get(url)  # the first request of a site creates its settings row
    stages = ["applied", "screening", "shortlisted", "interview", "hired"]

    def count_queries(per_stage):
        for stage in stages:
            traits = {stage: True} if stage != "applied" else {}
            for app in ApplicationFactory.create_batch(
                per_stage - vacancy.applications.filter(stage=stage).count(),
                vacancy=vacancy,
                knockout_flags=["x"],
                **traits,
            ):
                Rating.objects.create(application=app, criterion=criterion, rater=recruiter_a, score=3)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries), response.content.decode()

    few, _ = count_queries(2)
    many, html = count_queries(30)  # more than a board column or a list page holds
    assert few == many
    assert many <= 15
    assert html.count('href="/recruit/applications/') == (50 if page == "applications" else 25 * len(stages))


def test_bulk_move_reports_what_moved_and_what_could_not(
    client, recruiter_a, vacancy, django_capture_on_commit_callbacks
):
    movers = [ApplicationFactory(vacancy=vacancy) for _ in range(3)]
    hired = ApplicationFactory(
        vacancy=vacancy, hired=True, candidate=candidate("Hana Hired", "hana@example.org")
    )
    stale = ApplicationFactory(
        vacancy=vacancy, screening=True, candidate=candidate("Sam Stale", "sam@example.org")
    )
    client.force_login(recruiter_a)
    selected = [f"{a.public_id}:applied" for a in movers] + [
        f"{hired.public_id}:hired",
        f"{stale.public_id}:applied",
    ]

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            f"/recruit/vacancies/{vacancy.public_id}/bulk/",
            {"selected": selected, "to": "rejected", "notify": "on", "reason_detail": "Posts filled"},
            follow=True,
        )
        html = page.content.decode()
        assert "3 applications will move to “Not progressed”." in html  # the confirmation step
        assert "3 people will be emailed." in html
        assert "Hana Hired: cannot move from “Hired”" in html
        assert "Sam Stale: already moved to “Screening”" in html
        assert vacancy.applications.filter(stage="rejected").count() == 0

        page = client.post(
            f"/recruit/vacancies/{vacancy.public_id}/bulk/",
            {
                "selected": selected,
                "to": "rejected",
                "notify": "on",
                "reason_detail": "Posts filled",
                "confirmed": "yes",
            },
            follow=True,
        )

    html = page.content.decode()
    assert "3 moved, 2 could not be moved" in html
    assert "3 emails will be sent in 10 minutes" in html
    assert {a.stage for a in vacancy.applications.filter(pk__in=[m.pk for m in movers])} == {"rejected"}
    assert ApplicationEvent.objects.filter(to_stage="rejected", email_sent=True).count() == 3
    assert mail.outbox == []  # held for the undo window
    send_held_emails()
    assert len(mail.outbox) == 3
    assert "We have decided not to take your application further this time" in mail.outbox[0].body


def test_bulk_move_uses_the_organisations_template(
    client, recruiter_a, vacancy, employer_a, django_capture_on_commit_callbacks
):
    app = ApplicationFactory(vacancy=vacancy, candidate=candidate())
    template = MessageTemplate.objects.create(
        organisation=employer_a,
        name="Shortlist",
        subject="Good news, {first_name}",
        body="You're through for {job_title}.",
    )
    client.force_login(recruiter_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/recruit/vacancies/{vacancy.public_id}/bulk/",
            {
                "selected": [f"{app.public_id}:applied"],
                "to": "shortlisted",
                "notify": "on",
                "template": template.pk,
                "confirmed": "yes",
            },
        )
    send_held_emails()
    assert mail.outbox[0].subject == "Good news, Priya"
    assert "You're through for Home care worker." in mail.outbox[0].body


def test_bulk_move_ignores_applications_of_other_vacancies(client, recruiter_a, vacancy, employer_b):
    other = ApplicationFactory(vacancy=VacancyFactory(organisation=employer_b))
    client.force_login(recruiter_a)
    page = client.post(
        f"/recruit/vacancies/{vacancy.public_id}/bulk/",
        {
            "selected": [f"{other.public_id}:applied"],
            "to": "rejected",
            "reason_detail": "x",
            "confirmed": "yes",
        },
        follow=True,
    )
    assert "0 moved, 1 could not be moved" in page.content.decode()
    other.refresh_from_db()
    assert other.stage == "applied"


def test_illegal_move_through_the_view_is_refused(client, recruiter_a, vacancy):
    app = ApplicationFactory(vacancy=vacancy, hired=True)
    client.force_login(recruiter_a)
    page = client.post(
        f"/recruit/applications/{app.public_id}/move/",
        {"to": "screening", "expected_stage": "hired"},
        follow=True,
    )
    assert "That move is not possible from this stage." in page.content.decode()
    app.refresh_from_db()
    assert app.stage == "hired"
    assert not app.events.exists()


def test_offer_and_hire_are_not_plain_moves(client, recruiter_a, vacancy):
    app = ApplicationFactory(vacancy=vacancy, checks=True)
    client.force_login(recruiter_a)
    client.post(f"/recruit/applications/{app.public_id}/move/", {"to": "hired", "expected_stage": "checks"})
    app.refresh_from_db()
    assert app.stage == "checks"


def test_a_stale_move_through_the_view_is_a_clear_conflict(client, recruiter_a, viewer_a, vacancy):
    app = ApplicationFactory(vacancy=vacancy, screening=True)
    client.force_login(recruiter_a)
    client.post(
        f"/recruit/applications/{app.public_id}/move/", {"to": "shortlisted", "expected_stage": "screening"}
    )

    # A colleague still has the page from when it was at "Screening" and rejects it.
    page = client.post(
        f"/recruit/applications/{app.public_id}/move/",
        {"to": "rejected", "expected_stage": "screening"},
        follow=True,
    )

    assert "Someone else has already moved this application to “Shortlisted”" in page.content.decode()
    app.refresh_from_db()
    assert app.stage == "shortlisted"
    assert list(app.events.values_list("to_stage", flat=True)) == ["shortlisted"]


def test_move_to_interview_emails_a_booking_link(
    client, recruiter_a, vacancy, django_capture_on_commit_callbacks
):
    app = ApplicationFactory(vacancy=vacancy, shortlisted=True, candidate=candidate())
    client.force_login(recruiter_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/recruit/applications/{app.public_id}/move/",
            {"to": "interview", "expected_stage": "shortlisted"},
        )
    interview = app.interviews.get()
    assert mail.outbox[-1].to == ["priya@example.org"]
    assert f"/interviews/{interview.public_id}/" in mail.outbox[-1].body


class TestAnonymisedShortlisting:
    @pytest.fixture
    def anon(self, employer_a):
        vacancy = VacancyFactory(organisation=employer_a, anonymised_shortlisting=True)
        person = UserFactory(first_name="Zofia", last_name="Kowalczyk", email="zofia.k@example.org")
        app = ApplicationWithCVFactory(
            vacancy=vacancy,
            candidate=person,
            distance_miles=4.5,
            snapshot={
                "name": "Zofia Kowalczyk",
                "email": "zofia.k@example.org",
                "phone": "07700 900987",
                "postcode": "NE6 1AB",
                "date_of_birth": "1990-02-03",
                "equality": {"ethnicity": "White Polish"},
                "answers": {"statement": {"personal_statement": "Two years in a care home"}},
            },
        )
        return vacancy, app

    SECRETS = (
        "Zofia",
        "Kowalczyk",
        "zofia.k@example.org",
        "07700 900987",
        "NE6 1AB",
        "1990-02-03",
        "White Polish",
    )

    def test_list_board_detail_and_export_leak_nothing_before_interview(
        self, client, recruiter_a, employer_a, anon
    ):
        vacancy, app = anon
        client.force_login(recruiter_a)
        pages = [
            f"/recruit/vacancies/{vacancy.public_id}/applications/",
            f"/recruit/vacancies/{vacancy.public_id}/board/",
            f"/recruit/applications/{app.public_id}/",
            "/recruit/",
            f"/recruit/organisations/{employer_a.public_id}/export.csv",
        ]
        for url in pages:
            html = client.get(url).content.decode()
            for secret in self.SECRETS:
                assert secret not in html, (url, secret)
        detail = client.get(f"/recruit/applications/{app.public_id}/").content.decode()
        assert "4.5 miles" in detail
        assert "Two years in a care home" in detail
        assert client.get(f"/recruit/applications/{app.public_id}/cv/").status_code == 404

    def test_identity_shows_from_the_interview_stage_but_equality_data_never(self, client, recruiter_a, anon):
        _vacancy, app = anon
        app.stage, app.interview_at = "interview", app.applied_at
        app.save()
        client.force_login(recruiter_a)
        html = client.get(f"/recruit/applications/{app.public_id}/").content.decode()
        assert "Zofia Kowalczyk" in html
        assert "07700 900987" in html
        assert "White Polish" not in html
        assert client.get(f"/recruit/applications/{app.public_id}/cv/").status_code == 200


def test_cv_download_is_audited_and_only_for_clean_files(client, recruiter_a, vacancy):
    app = ApplicationWithCVFactory(vacancy=vacancy)
    pending = ApplicationFactory(vacancy=vacancy, cv=CVFactory(scan_status="pending"))
    client.force_login(recruiter_a)

    response = client.get(f"/recruit/applications/{app.public_id}/cv/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test cv"
    assert response["Content-Disposition"].startswith("attachment")
    log = PersonalDataAccess.objects.get(action="cv_downloaded")
    assert (log.actor, log.application) == (recruiter_a, app)
    assert client.get(f"/recruit/applications/{pending.public_id}/cv/").status_code == 404

    preview = client.get(f"/recruit/applications/{app.public_id}/cv/?preview=1")
    assert preview["Content-Disposition"].startswith("inline")
    assert preview["Content-Security-Policy"].startswith("sandbox")
    assert PersonalDataAccess.objects.filter(action="cv_downloaded", detail="preview").exists()


def test_notes_ratings_and_messages(client, recruiter_a, vacancy, django_capture_on_commit_callbacks):
    app = ApplicationFactory(vacancy=vacancy, candidate=candidate())
    criterion = RatingCriterion.objects.create(vacancy=vacancy, name="Communication")
    client.force_login(recruiter_a)

    client.post(f"/recruit/applications/{app.public_id}/notes/", {"body": "Lovely phone manner"})
    client.post(f"/recruit/applications/{app.public_id}/ratings/", {f"c{criterion.pk}": "4"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/recruit/applications/{app.public_id}/message/",
            {"subject": "A question, {first_name}", "body": "Can you work weekends for {organisation}?"},
        )

    assert Note.objects.get(application=app).body == "Lovely phone manner"
    assert Rating.objects.get(application=app).score == 4
    assert mail.outbox[-1].subject == "A question, Priya"
    assert "Can you work weekends for Alpha Home Care?" in mail.outbox[-1].body
    html = client.get(f"/recruit/applications/{app.public_id}/").content.decode()
    assert "Lovely phone manner" in html
    assert "Average: 4.0" in html


def test_viewing_an_application_is_logged_and_the_log_is_for_admins(
    client, recruiter_a, vacancy, employer_a, regional_admin
):
    app = ApplicationFactory(vacancy=vacancy)
    client.force_login(recruiter_a)
    client.get(f"/recruit/applications/{app.public_id}/")
    assert PersonalDataAccess.objects.filter(actor=recruiter_a, application=app, action="viewed").exists()
    assert client.get(f"/recruit/organisations/{employer_a.public_id}/audit/").status_code == 404

    admin = MembershipFactory(organisation=employer_a, role=Membership.Role.ADMIN).user
    with_totp(admin)
    for user in (admin, regional_admin):
        client.force_login(user)
        html = client.get(f"/recruit/organisations/{employer_a.public_id}/audit/").content.decode()
        assert "rita@alpha.example" in html
        assert "Viewed application" in html


def test_export_is_the_organisations_own_pipeline_and_is_audited(
    client, recruiter_a, vacancy, employer_a, employer_b
):
    ApplicationFactory(vacancy=vacancy, candidate=candidate())
    ApplicationFactory(
        vacancy=VacancyFactory(organisation=employer_b), candidate=candidate("Other Org", "o@example.org")
    )
    ApplicationFactory(
        vacancy=vacancy,
        candidate=candidate("Evil Formula", "e@example.org"),
        knockout_flags=['=HYPERLINK("http://x")'],
    )
    client.force_login(recruiter_a)

    response = client.get(f"/recruit/organisations/{employer_a.public_id}/export.csv")

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Reference", "Vacancy", "Stage"]
    names = {row[4] for row in rows[1:]}
    assert names == {"Priya Shah", "Evil Formula"}
    assert any(row[9].startswith("'=") for row in rows[1:])
    log = PersonalDataAccess.objects.get(action="exported")
    assert (log.actor, log.organisation, log.detail) == (recruiter_a, employer_a, "2 applications")


def test_dashboard_counts_per_stage_in_one_query_and_lists_whats_new(client, recruiter_a, vacancy):
    ApplicationFactory.create_batch(2, vacancy=vacancy)
    ApplicationFactory(vacancy=vacancy, interview=True, candidate=candidate())
    client.force_login(recruiter_a)

    with CaptureQueriesContext(connection) as ctx:
        html = client.get("/recruit/").content.decode()

    assert "Home care worker" in html
    vacancy_queries = [
        q for q in ctx.captured_queries if 'FROM "ats_vacancy"' in q["sql"] and "COUNT" in q["sql"]
    ]
    assert len(vacancy_queries) == 1
    assert 'data-label="Applied">2<' in html
    assert 'data-label="Interview">1<' in html


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_two_recruiters_moving_at_once_through_the_portal(recruiter_a, employer_a):
    """Two colleagues press "Move" on the same application at the same moment: one wins, the other
    is told someone else moved it, and exactly one event is written."""
    import threading

    from tests.fixtures.signed_in import SignedInClient as Client

    colleague = MembershipFactory(organisation=employer_a, role=Membership.Role.RECRUITER).user
    with_totp(colleague)
    app = ApplicationFactory(vacancy=VacancyFactory(organisation=employer_a), screening=True)
    barrier = threading.Barrier(2)
    pages: list[str] = []

    def press(user, to):
        from django.db import connection

        client = Client()
        client.force_login(user)
        barrier.wait()
        try:
            response = client.post(
                f"/recruit/applications/{app.public_id}/move/",
                {"to": to, "expected_stage": "screening", "reason_detail": "Chose another candidate"},
                follow=True,
            )
            pages.append(response.content.decode())
        finally:
            connection.close()

    threads = [
        threading.Thread(target=press, args=(recruiter_a, "shortlisted")),
        threading.Thread(target=press, args=(colleague, "rejected")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    app.refresh_from_db()
    assert app.events.count() == 1
    winner = app.events.get().to_stage
    assert app.stage == winner
    assert sum("Someone else has already moved this application" in page for page in pages) == 1


def test_looking_at_a_list_of_named_candidates_is_logged(client, recruiter_a, vacancy, employer_a):
    ApplicationFactory(vacancy=vacancy)
    client.force_login(recruiter_a)
    client.get(f"/recruit/vacancies/{vacancy.public_id}/applications/")
    client.get(f"/recruit/vacancies/{vacancy.public_id}/board/")
    assert list(
        PersonalDataAccess.objects.filter(action="listed", organisation=employer_a).values_list(
            "actor", "detail"
        )
    ) == [(recruiter_a.pk, "Home care worker: board"), (recruiter_a.pk, "Home care worker: list, page 1")]


def test_dashboard_shows_enquiries_routed_here(client, recruiter_a, employer_a, employer_b):
    from ats.models import RoutingDecision
    from tests.factories import EnquiryFactory

    RoutingDecision.objects.create(
        enquiry=EnquiryFactory(), destination=employer_a, rule_name="R", reason="R"
    )
    RoutingDecision.objects.create(
        enquiry=EnquiryFactory(), destination=employer_b, rule_name="R", reason="R"
    )
    client.force_login(recruiter_a)
    html = client.get("/recruit/").content.decode()
    assert "1 enquiry routed here, 1 not acknowledged yet" in html
