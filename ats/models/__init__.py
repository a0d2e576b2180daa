from .academy import Cohort, Enrolment, Referral
from .alerts import AlertDelivery, JobAlert
from .applications import Application, ApplicationEvent, Enquiry
from .candidates import CV, CandidateProfile
from .jobseekers import ApplicationDraft, ConsentRecord, EqualityResponse, InactivityWarning, SavedJob
from .messages import CandidateMessage
from .organisations import Location, Membership, Organisation
from .places import LocalAuthority, Postcode, PostcodeDistrict
from .recruitment import (
    CheckEvent,
    CheckItem,
    Interview,
    InterviewSlot,
    Invitation,
    MessageTemplate,
    Note,
    Offer,
    PersonalDataAccess,
    Rating,
    RatingCriterion,
)
from .routing import BankHoliday, RoutingCapacity, RoutingDecision, RoutingEvent, RoutingRule
from .search_page import JobSearchPage
from .vacancies import (
    AfcPayPoint,
    AfcUnsocialHours,
    Role,
    ScreeningQuestion,
    Vacancy,
    VacancyImport,
    VacancyPoint,
)

__all__ = [
    "CV",
    "AfcPayPoint",
    "AfcUnsocialHours",
    "AlertDelivery",
    "Application",
    "ApplicationDraft",
    "ApplicationEvent",
    "BankHoliday",
    "CandidateMessage",
    "CandidateProfile",
    "CheckEvent",
    "CheckItem",
    "Cohort",
    "ConsentRecord",
    "Enquiry",
    "Enrolment",
    "EqualityResponse",
    "InactivityWarning",
    "Interview",
    "InterviewSlot",
    "Invitation",
    "JobAlert",
    "JobSearchPage",
    "LocalAuthority",
    "Location",
    "Membership",
    "MessageTemplate",
    "Note",
    "Offer",
    "Organisation",
    "PersonalDataAccess",
    "Postcode",
    "PostcodeDistrict",
    "Rating",
    "RatingCriterion",
    "Referral",
    "Role",
    "RoutingCapacity",
    "RoutingDecision",
    "RoutingEvent",
    "RoutingRule",
    "SavedJob",
    "ScreeningQuestion",
    "Vacancy",
    "VacancyImport",
    "VacancyPoint",
]
