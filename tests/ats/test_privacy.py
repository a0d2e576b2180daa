"""Privacy: data export, account deletion, retention erasure, equality answers kept apart."""

import io
import json
import logging
import zipfile
from datetime import date, timedelta

import pytest
import time_machine

from django.core.files.uploadedfile import SimpleUploadedFile

from ats.applications.cvs import store_cv
from ats.applications.tasks import purge_unsuccessful_candidates as purge_task
from ats.models import CV, Application, CandidateProfile, ConsentRecord, EqualityResponse, SavedJob
from ats.privacy.equality import equality_report
from ats.privacy.erasure import purge_unsuccessful_candidates
from cms.models import User
from tests.ats.jobseeker_fixtures import eager_tasks, make_pdf, places  # noqa: F401
from tests.factories import ApplicationFactory, EnquiryFactory, UserFactory, VacancyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_page", "eager_tasks")]


@pytest.fixture
def candidate_with_everything(jobseeker):
    CandidateProfile.objects.create(
        user=jobseeker,
        phone="07700 900123",
        postcode="NE1 4ST",
        personal_statement="I love people.",
        referees=[{"name": "Sam Boss", "relationship": "Manager", "contact": "sam@shop.example"}],
    )
    cv = store_cv(jobseeker, SimpleUploadedFile("Jo CV.pdf", make_pdf("jo's cv")))
    application = ApplicationFactory(candidate=jobseeker, cv=cv, attribution={"first": {"utm_source": "tv"}})
    ConsentRecord.objects.create(
        user=jobseeker, purpose="application", wording="Share it", application=application
    )
    SavedJob.objects.create(user=jobseeker, vacancy=VacancyFactory(title="Night carer"))
    EnquiryFactory(email=jobseeker.email, name="Jo Seeker")
    EqualityResponse.objects.create(
        user=jobseeker,
        age_band="25-34",
        sex="prefer_not",
        gender_same_as_birth="yes",
        ethnicity="white",
        disability="no",
        religion="none",
        sexual_orientation="prefer_not",
    )
    return {"cv": cv, "application": application}


def test_download_my_data_gives_json_and_cv_files(client, jobseeker, candidate_with_everything):
    client.force_login(jobseeker)

    response = client.post("/me/download-my-data/")

    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("my-data.json"))
    assert data["account"]["email"] == jobseeker.email
    assert data["profile"]["phone"] == "07700 900123"
    assert data["profile"]["referees"][0]["name"] == "Sam Boss"
    assert data["applications"][0]["status"] == "Your application has been sent"
    assert data["applications"][0]["campaign_attribution"] == {"first": {"utm_source": "tv"}}
    assert data["saved_jobs"] == ["Night carer"]
    assert data["enquiries"][0]["name"] == "Jo Seeker"
    assert data["consents"][0]["wording"] == "Share it"
    assert data["equality_answers"]["sex"] == "Prefer not to say"
    assert archive.read(data["cvs"][0]["file"]) == make_pdf("jo's cv")


def test_download_my_data_only_ever_contains_your_own_data(client, candidate_with_everything):
    other = UserFactory()
    client.force_login(other)

    data = json.loads(
        zipfile.ZipFile(io.BytesIO(client.post("/me/download-my-data/").content)).read("my-data.json")
    )

    assert data["applications"] == [] and data["cvs"] == [] and data["profile"] is None


def test_deleting_the_account_erases_personal_data_and_files_and_anonymises_applications(
    client, jobseeker, candidate_with_everything
):
    cv_file = candidate_with_everything["cv"].file
    path = cv_file.path
    client.force_login(jobseeker)

    refused = client.post("/me/delete-my-account/", {})
    assert refused.status_code == 400 and "Tick the box" in refused.content.decode()
    response = client.post("/me/delete-my-account/", {"confirm": "on"})

    assert "Your account has been deleted" in response.content.decode()
    assert not User.objects.filter(email="jo@seeker.example").exists()
    assert not CV.objects.exists() and not CandidateProfile.objects.exists()
    assert not EqualityResponse.objects.exists() and not SavedJob.objects.exists()
    import os

    assert not os.path.exists(path)
    application = Application.objects.get(pk=candidate_with_everything["application"].pk)
    assert application.anonymised and application.candidate is None and application.cv is None
    assert "Jo" not in json.dumps(application.snapshot)
    assert application.attribution == {"first": {"utm_source": "tv"}}  # statistics survive
    from ats.models import Enquiry

    enquiry = Enquiry.objects.get()
    assert enquiry.anonymised and enquiry.name == "Erased" and enquiry.email != "jo@seeker.example"


def test_retention_erases_unsuccessful_candidates_months_after_closing(jobseeker, settings, caplog):
    settings.RETENTION_MONTHS = 6
    closed = VacancyFactory(closing_date=date(2026, 1, 31), closed=True)
    recent = VacancyFactory(closing_date=date(2026, 6, 30), closed=True)
    cv = store_cv(jobseeker, SimpleUploadedFile("cv.pdf", make_pdf()))
    with time_machine.travel(date(2026, 1, 20)):  # decided before the vacancy closed
        rejected_old = ApplicationFactory(vacancy=closed, rejected=True, cv=cv)
        withdrawn_old = ApplicationFactory(vacancy=closed, withdrawn=True)
        hired_old = ApplicationFactory(vacancy=closed, hired=True)
    with time_machine.travel(date(2026, 7, 2)):
        rejected_recent = ApplicationFactory(vacancy=recent, rejected=True)

    with time_machine.travel(date(2026, 7, 30)):  # under 6 months after 31 January
        assert purge_unsuccessful_candidates().applications == 0
    with caplog.at_level(logging.INFO, logger="ats.privacy.erasure"), time_machine.travel(date(2026, 8, 1)):
        result = purge_task.apply().get()

    assert result == {"applications": 2, "cvs_deleted": 1}
    for application in (rejected_old, withdrawn_old):
        application.refresh_from_db()
        assert application.anonymised and application.candidate is None and "name" not in application.snapshot
    assert not CV.objects.filter(pk=cv.pk).exists()
    for application in (hired_old, rejected_recent):
        application.refresh_from_db()
        assert not application.anonymised and application.snapshot["email"]
    assert "2 applications erased, 1 CVs deleted" in caplog.text
    assert str(rejected_old.public_id) in caplog.text


def test_every_equality_question_offers_prefer_not_to_say(client, jobseeker):
    client.force_login(jobseeker)

    page = client.get("/me/equality/").content.decode()

    assert page.count('value="prefer_not"') == len(EqualityResponse.REPORTED_FIELDS)
    response = client.post("/me/equality/", dict.fromkeys(EqualityResponse.REPORTED_FIELDS, "prefer_not"))
    assert response.status_code == 302
    assert EqualityResponse.objects.get(user=jobseeker).ethnicity == "prefer_not"
    assert ConsentRecord.objects.get(user=jobseeker).purpose == "equality"


def test_equality_report_suppresses_small_numbers():
    for n in range(7):
        EqualityResponse.objects.create(
            user=UserFactory(),
            age_band="25-34",
            sex="female" if n < 6 else "male",
            gender_same_as_birth="yes",
            ethnicity="white",
            disability="no",
            religion="none",
            sexual_orientation="straight",
        )

    report = equality_report()

    assert report["total"] == 7
    sex = dict(report["questions"]["sex"])
    # One man among seven: "fewer than 5" beside 6 women would give him away (7 - 6), so the
    # women's count is hidden too (secondary suppression).
    assert sex == {"Female": "fewer than 5", "Male": "fewer than 5", "Prefer not to say": 0}
    assert dict(report["questions"]["age band"]) == {
        **dict.fromkeys(
            ["16 to 24", "35 to 44", "45 to 54", "55 to 64", "65 or over", "Prefer not to say"], 0
        ),
        "25 to 34": 7,
    }
    assert equality_report(EqualityResponse.objects.filter(sex="male"))["total"] == "fewer than 5"


def test_the_privacy_notice_explains_the_attribution_cookie(client):
    page = client.get("/privacy-notice/").content.decode()

    assert "ccne_attr" in page and "90 days" in page and "6 months after the job closes" in page


def test_saved_jobs_can_be_saved_listed_and_removed(client, jobseeker):
    vacancy = VacancyFactory(title="Senior carer")
    client.force_login(jobseeker)

    client.post(f"/me/saved-jobs/{vacancy.slug}/")
    assert "Senior carer" in client.get("/me/saved-jobs/").content.decode()
    assert "Senior carer" in client.get("/me/").content.decode()
    client.post(f"/me/saved-jobs/{vacancy.slug}/")
    assert not SavedJob.objects.exists()


def test_account_pages_need_sign_in(client):
    for url in ("/me/", "/me/profile/", "/me/cvs/", "/me/download-my-data/", "/me/delete-my-account/"):
        assert client.get(url)["Location"].startswith("/accounts/login/")


@pytest.mark.usefixtures("places")
def test_profile_sections_validate_uk_phone_numbers(client, jobseeker):
    client.force_login(jobseeker)
    data = {"first_name": "Jo", "last_name": "Seeker", "postcode": "NE1 4ST"}

    refused = client.post("/me/profile/details/", {**data, "phone": "+1 202 555 0100"})
    assert refused.status_code == 200 and "Enter a UK phone number" in refused.content.decode()
    client.post("/me/profile/details/", {**data, "phone": "+44 (0)191 498 0000".replace("(0)", "")})

    assert CandidateProfile.objects.get(user=jobseeker).phone == "0191 498 0000"
    page = client.get("/me/profile/").content.decode()
    assert "0191 498 0000" in page and "/me/profile/details/" in page


def test_application_received_after_retention_time_is_not_touched_if_open(jobseeker):
    vacancy = VacancyFactory(closing_date=date.today() - timedelta(days=400), closed=True)
    open_application = ApplicationFactory(vacancy=vacancy, interview=True)

    purge_unsuccessful_candidates()

    open_application.refresh_from_db()
    assert not open_application.anonymised


def test_saving_a_job_returns_to_the_page_it_came_from_but_never_off_site(client, jobseeker):
    vacancy = VacancyFactory()
    client.force_login(jobseeker)

    back = client.post(f"/me/saved-jobs/{vacancy.slug}/", {"next": f"/jobs/{vacancy.slug}/"})
    off_site = client.post(f"/me/saved-jobs/{vacancy.slug}/", {"next": "/\\evil.example/"})

    assert back["Location"] == f"/jobs/{vacancy.slug}/"
    assert off_site["Location"] == "/me/saved-jobs/"


@pytest.fixture
def alerts_and_events(home_page, jobseeker):
    """Job alerts and event registrations of the jobseeker's (verified address, or signed in),
    and someone else's with an address they never verified."""
    from django.utils import timezone

    from campaign.demo import child_page
    from campaign.models import EventIndexPage, EventPage, EventRegistration
    from tests.factories import JobAlertFactory

    def event(slug, days):
        start = timezone.now() + timedelta(days=days)
        return child_page(
            events, EventPage, slug, title=slug.replace("-", " ").title(), summary="Meet employers.",
            start=start, end=start + timedelta(hours=3), venue_name="Civic Centre", address="Barras Bridge",
            postcode="NE1 8QH", capacity=50,
        )  # fmt: skip

    events = child_page(home_page, EventIndexPage, "events", title="Events")
    coming, past = event("spring-fair", 10), event("winter-fair", -30)
    return {
        "signed_in_alert": JobAlertFactory(user=jobseeker, email=jobseeker.email, description="Nights"),
        "emailed_alert": JobAlertFactory(email="JO@seeker.example", description="Home care in Durham"),
        "someone_elses_alert": JobAlertFactory(email="other@example.org", description="Not Jo's"),
        "coming": EventRegistration.objects.create(
            event=coming,
            name="Jo Seeker",
            email="jo@seeker.example",
            phone="07700 900123",
            attribution={"first": {"utm_source": "bus"}},
        ),
        "past": EventRegistration.objects.create(
            event=past, name="Jo Seeker", email="Jo@Seeker.example", phone="07700 900123"
        ),
        "someone_elses": EventRegistration.objects.create(event=coming, name="Sam", email="sam@example.org"),
    }


def test_download_my_data_includes_job_alerts_and_event_registrations(client, jobseeker, alerts_and_events):
    client.force_login(jobseeker)

    data = json.loads(
        zipfile.ZipFile(io.BytesIO(client.post("/me/download-my-data/").content)).read("my-data.json")
    )

    assert sorted(alert["search"] for alert in data["job_alerts"]) == ["Home care in Durham", "Nights"]
    assert [r["event"] for r in data["event_registrations"]] == ["Spring Fair", "Winter Fair"]
    assert data["event_registrations"][0]["phone"] == "07700 900123"
    assert data["event_registrations"][0]["campaign_attribution"] == {"first": {"utm_source": "bus"}}


def test_an_unverified_address_does_not_bring_someone_elses_alerts_or_registrations(
    client, alerts_and_events
):
    from allauth.account.models import EmailAddress

    other = UserFactory(email="pat@example.org")
    EmailAddress.objects.create(user=other, email="sam@example.org", verified=False, primary=False)
    client.force_login(other)

    data = json.loads(
        zipfile.ZipFile(io.BytesIO(client.post("/me/download-my-data/").content)).read("my-data.json")
    )

    assert data["job_alerts"] == [] and data["event_registrations"] == []


def test_deleting_the_account_stops_job_alerts_and_cancels_places_at_events_to_come(
    client, jobseeker, alerts_and_events
):
    from ats.models import JobAlert
    from campaign.models import EventRegistration

    client.force_login(jobseeker)
    client.post("/me/delete-my-account/", {"confirm": "on"})

    assert list(JobAlert.objects.values_list("description", flat=True)) == ["Not Jo's"]
    assert not EventRegistration.objects.filter(pk=alerts_and_events["coming"].pk).exists()  # place freed
    past = EventRegistration.objects.get(pk=alerts_and_events["past"].pk)  # kept for the event's figures
    assert (past.name, past.phone) == ("Erased", "") and "seeker" not in past.email.lower()
    assert EventRegistration.objects.filter(email="sam@example.org").exists()
