from .academy import Cohort, Enrolment, Referral
from .alerts import AlertDelivery, JobAlert
from .applications import Application, ApplicationEvent, Enquiry
from .candidates import CV, CandidateProfile
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
    "ApplicationEvent",
    "CandidateProfile",
    "Cohort",
    "Enquiry",
    "Enrolment",
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
    "ScreeningQuestion",
    "Vacancy",
]
