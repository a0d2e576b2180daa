from .alerts import AlertDelivery, JobAlert
from .applications import Application, ApplicationEvent, Enquiry
from .candidates import CV, CandidateProfile
from .organisations import Location, Membership, Organisation
from .places import LocalAuthority, Postcode, PostcodeDistrict
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
    "Enquiry",
    "JobAlert",
    "JobSearchPage",
    "LocalAuthority",
    "Location",
    "Membership",
    "Organisation",
    "Postcode",
    "PostcodeDistrict",
    "Role",
    "ScreeningQuestion",
    "Vacancy",
]
