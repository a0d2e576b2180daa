from .academy import Cohort, Enrolment, Referral
from .alerts import AlertDelivery, JobAlert
from .applications import Application, ApplicationEvent, Enquiry
from .candidates import CV, CandidateProfile
from .jobseekers import ApplicationDraft, ConsentRecord, EqualityResponse, SavedJob
from .organisations import Location, Membership, Organisation
from .places import LocalAuthority, Postcode, PostcodeDistrict
from .routing import RoutingCapacity, RoutingDecision, RoutingEvent, RoutingRule
from .search_page import JobSearchPage
from .vacancies import AfcPayPoint, AfcUnsocialHours, Role, ScreeningQuestion, Vacancy

__all__ = [
    "CV",
    "AfcPayPoint",
    "AfcUnsocialHours",
    "AlertDelivery",
    "Application",
    "ApplicationDraft",
    "ApplicationEvent",
    "CandidateProfile",
    "Cohort",
    "ConsentRecord",
    "Enquiry",
    "Enrolment",
    "EqualityResponse",
    "JobAlert",
    "JobSearchPage",
    "LocalAuthority",
    "Location",
    "Membership",
    "Organisation",
    "Postcode",
    "PostcodeDistrict",
    "Referral",
    "Role",
    "RoutingCapacity",
    "RoutingDecision",
    "RoutingEvent",
    "RoutingRule",
    "SavedJob",
    "ScreeningQuestion",
    "Vacancy",
]
