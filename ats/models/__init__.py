from .academy import Cohort, Enrolment, Referral
from .applications import Application, ApplicationEvent, Enquiry
from .candidates import CV, CandidateProfile
from .organisations import Location, Membership, Organisation
from .places import LocalAuthority, Postcode, PostcodeDistrict
from .routing import RoutingCapacity, RoutingDecision, RoutingEvent, RoutingRule
from .vacancies import AfcPayPoint, AfcUnsocialHours, Role, Vacancy

__all__ = [
    "CV",
    "AfcPayPoint",
    "AfcUnsocialHours",
    "Application",
    "ApplicationEvent",
    "CandidateProfile",
    "Cohort",
    "Enquiry",
    "Enrolment",
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
    "Vacancy",
]
