from .alerts import AlertDelivery, JobAlert
from .organisations import Location, Membership, Organisation
from .places import LocalAuthority, Postcode, PostcodeDistrict
from .search_page import JobSearchPage
from .vacancies import AfcPayPoint, AfcUnsocialHours, Role, ScreeningQuestion, Vacancy

__all__ = [
    "AfcPayPoint",
    "AfcUnsocialHours",
    "AlertDelivery",
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
