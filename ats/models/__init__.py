from .organisations import Location, Membership, Organisation
from .places import LocalAuthority, Postcode, PostcodeDistrict
from .vacancies import AfcPayPoint, AfcUnsocialHours, Role, Vacancy

__all__ = [
    "AfcPayPoint",
    "AfcUnsocialHours",
    "LocalAuthority",
    "Location",
    "Membership",
    "Organisation",
    "Postcode",
    "PostcodeDistrict",
    "Role",
    "Vacancy",
]
