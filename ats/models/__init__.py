from .applications import Application, ApplicationEvent, Enquiry
from .candidates import CV, CandidateProfile
from .organisations import Location, Membership, Organisation
from .places import LocalAuthority, Postcode, PostcodeDistrict
from .vacancies import AfcPayPoint, AfcUnsocialHours, Role, Vacancy

__all__ = [
    "CV",
    "AfcPayPoint",
    "AfcUnsocialHours",
    "Application",
    "ApplicationEvent",
    "CandidateProfile",
    "Enquiry",
    "LocalAuthority",
    "Location",
    "Membership",
    "Organisation",
    "Postcode",
    "PostcodeDistrict",
    "Role",
    "Vacancy",
]
