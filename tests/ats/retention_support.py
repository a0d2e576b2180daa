"""A jobseeker with something in every corner of the database: the fixture for the retention,
erasure and subject access tests."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ats.applications.cvs import store_cv
from ats.models import (
    ApplicationDraft,
    ApplicationEvent,
    CandidateMessage,
    CandidateProfile,
    CheckItem,
    Cohort,
    ConsentRecord,
    Enrolment,
    EqualityResponse,
    Interview,
    InterviewSlot,
    Note,
    Offer,
    Rating,
    RatingCriterion,
    Referral,
    RoutingDecision,
    RoutingEvent,
    SavedJob,
)
from ats.privacy.audit import record_access
from tests.ats.jobseeker_fixtures import make_pdf
from tests.factories import (
    ApplicationFactory,
    EnquiryFactory,
    JobAlertFactory,
    OrganisationFactory,
    VacancyFactory,
)


def _routing(*, destination, **subject) -> RoutingDecision:
    decision = RoutingDecision.objects.create(
        rule_name="Home academy", destination=destination, reason="lives in Newcastle", **subject
    )
    RoutingEvent.objects.create(decision=decision, kind=RoutingEvent.Kind.ROUTED, note=decision.reason)
    return decision


def build_person(jobseeker, recruiter, employer, academy, *, stage: str = "rejected"):
    """Everything a person and the recruiters who dealt with them can write, once each."""
    CandidateProfile.objects.create(
        user=jobseeker,
        phone="07700 900123",
        postcode="NE1 4ST",
        qualifications="NVQ 2",
        personal_statement="I love people.",
        referees=[{"name": "Sam Boss", "relationship": "Manager", "contact": "sam@shop.example"}],
        availability=["days"],
        care_settings=["home_care"],
    )
    cv = store_cv(jobseeker, SimpleUploadedFile("Jo CV.pdf", make_pdf("jo's cv")))
    vacancy = VacancyFactory(
        organisation=employer, closing_date=date.today() - timedelta(days=10), closed=True
    )
    application = ApplicationFactory(
        vacancy=vacancy,
        candidate=jobseeker,
        cv=cv,
        knockout_flags=["Drives: no"],
        attribution={"first": {"utm_source": "tv"}},
        **{stage: True},
    )
    ApplicationDraft.objects.create(
        vacancy=vacancy, candidate=jobseeker, application=application, answers={"about": {"x": "y"}}
    )
    ApplicationEvent.objects.create(application=application, from_stage="applied", to_stage=stage, note="Why")
    Note.objects.create(application=application, author=recruiter, body="Mentioned a back injury")
    criterion = RatingCriterion.objects.create(vacancy=vacancy, name="Values")
    Rating.objects.create(application=application, criterion=criterion, rater=recruiter, score=4)
    slot = InterviewSlot.objects.create(vacancy=vacancy, starts_at=timezone.now(), place="Office")
    Interview.objects.create(application=application, slot=slot, status=Interview.Status.ATTENDED)
    Offer.objects.create(
        application=application,
        made_by=recruiter,
        conditions="Subject to checks",
        has_unspent_convictions=True,
        disclosure_details="A caution in 2019",
        disclosed_at=timezone.now(),
    )
    CheckItem.objects.create(
        application=application,
        kind=CheckItem.Kind.DBS,
        certificate_number="001234567890",
        status="satisfactory",
    )
    CheckItem.objects.create(application=application, kind=CheckItem.Kind.HEALTH, status="satisfactory")
    CandidateMessage.objects.create(application=application, subject="Your interview", body="See you Monday")
    ConsentRecord.objects.create(
        user=jobseeker, purpose="application", wording="Share", application=application
    )
    _routing(destination=academy, application=application)
    record_access(actor=recruiter, action="viewed", application=application)

    enquiry = EnquiryFactory(
        user=jobseeker,
        email=jobseeker.email,
        name="Jo Seeker",
        message="I can start in May",
        interests=["nursing"],
    )
    ConsentRecord.objects.create(purpose="enquiry", wording="Pass it on", enquiry=enquiry)
    _routing(destination=academy, enquiry=enquiry)
    cohort = Cohort.objects.create(
        academy=academy, starts_on=date.today(), ends_on=date.today() + timedelta(days=5), venue="Hall"
    )
    Enrolment.objects.create(cohort=cohort, enquiry=enquiry)
    other = OrganisationFactory(name="Gamma Care")
    Referral.objects.create(
        from_org=academy,
        to_org=other,
        enquiry=enquiry,
        consent_at=timezone.now(),
        shared={"name": "Jo Seeker"},
        note="Keen",
        decision_note="Taken on",
    )
    Referral.objects.create(
        from_org=academy, to_org=other, candidate=jobseeker, consent_at=timezone.now(), shared={"name": "Jo"}
    )
    SavedJob.objects.create(user=jobseeker, vacancy=VacancyFactory(organisation=employer))
    unsent = ApplicationDraft.objects.create(
        vacancy=VacancyFactory(organisation=employer), candidate=jobseeker, answers={"about": {"x": "y"}}
    )
    guest_draft = ApplicationDraft.objects.create(
        vacancy=VacancyFactory(organisation=employer), guest_email=jobseeker.email, answers={"about": {}}
    )
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
    alert = JobAlertFactory(user=jobseeker, email=jobseeker.email, description="Nights")
    return {
        "application": application,
        "enquiry": enquiry,
        "cv": cv,
        "unsent_draft": unsent,
        "guest_draft": guest_draft,
        "alert": alert,
    }
