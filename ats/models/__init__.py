from .applications import Application, ApplicationEvent, Enquiry
from .candidates import CV, CandidateProfile
from .jobseekers import ApplicationDraft, ConsentRecord, EqualityResponse, SavedJob
from .organisations import Location, Membership, Organisation
from .places import LocalAuthority, Postcode, PostcodeDistrict
from .vacancies import AfcPayPoint, AfcUnsocialHours, Role, Vacancy

__all__ = [
    "CV",
    "AfcPayPoint",
    "AfcUnsocialHours",
    "Application",
    "ApplicationDraft",
    "ApplicationEvent",
    "CandidateProfile",
    "ConsentRecord",
    "Enquiry",
    "EqualityResponse",
    "LocalAuthority",
    "Location",
    "Membership",
    "Organisation",
    "Postcode",
    "PostcodeDistrict",
    "Role",
    "SavedJob",
    "Vacancy",
]
