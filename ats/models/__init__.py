from .alerts import AlertDelivery, JobAlert
from .applications import Application, ApplicationEvent, Enquiry
from .candidates import CV, CandidateProfile
from .organisations import Location, Membership, Organisation
from .places import LocalAuthority, Postcode, PostcodeDistrict
from .recruitment import (
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
from .search_page import JobSearchPage
from .vacancies import AfcPayPoint, AfcUnsocialHours, Role, ScreeningQuestion, Vacancy

__all__ = [
    "CV",
    "AfcPayPoint",
    "AfcUnsocialHours",
    "AlertDelivery",
    "Application",
    "ApplicationEvent",
    "CandidateProfile",
    "CheckItem",
    "Enquiry",
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
    "Role",
    "ScreeningQuestion",
    "Vacancy",
]
