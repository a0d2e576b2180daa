"""schema.org JobPosting for Google for Jobs: every required and recommended property."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.html import linebreaks

from ats.jobs.models import Vacancy

EMPLOYMENT_TYPES = {
    Vacancy.Contract.PERMANENT: [],
    Vacancy.Contract.FIXED_TERM: ["TEMPORARY"],
    Vacancy.Contract.BANK: ["PER_DIEM"],
    Vacancy.Contract.ZERO_HOURS: ["PER_DIEM"],
}


def employment_types(vacancy: Vacancy) -> list[str]:
    types = list(EMPLOYMENT_TYPES.get(vacancy.contract, []))
    if vacancy.pattern == Vacancy.Pattern.FULL_TIME or (
        vacancy.hours_per_week is not None and vacancy.hours_per_week >= 30
    ):
        types.insert(0, "FULL_TIME")
    else:
        types.insert(0, "PART_TIME")
    return types


def _valid_through(vacancy: Vacancy) -> str:
    closing = vacancy.closing_date or (timezone.localdate() + datetime.timedelta(days=30))
    end = datetime.datetime.combine(closing, datetime.time(23, 59), tzinfo=timezone.get_current_timezone())
    return end.isoformat()


def _address(location, vacancy: Vacancy) -> dict:
    address = {"@type": "PostalAddress", "addressRegion": "North East England", "addressCountry": "GB"}
    if location is not None:
        if location.address:
            address["streetAddress"] = location.address
        address["addressLocality"] = location.town or (
            vacancy.local_authority.name if vacancy.local_authority else ""
        )
        if location.postcode:
            address["postalCode"] = location.postcode
    elif vacancy.local_authority:
        address["addressLocality"] = vacancy.local_authority.name
    return address


def job_posting(vacancy: Vacancy) -> dict:
    organisation = vacancy.organisation
    locations = list(vacancy.locations.all())
    url = f"{settings.SITE_URL}{vacancy.get_absolute_url()}"
    description = linebreaks(vacancy.description or vacancy.summary or vacancy.title)
    data: dict = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": vacancy.title,
        "description": description,
        "datePosted": (vacancy.published_at or vacancy.created_at).date().isoformat(),
        "validThrough": _valid_through(vacancy),
        "employmentType": employment_types(vacancy),
        "hiringOrganization": {
            "@type": "Organization",
            "name": organisation.name,
            **({"sameAs": organisation.website} if organisation.website else {}),
            **({"logo": f"{settings.SITE_URL}{organisation.logo.url}"} if organisation.logo else {}),
        },
        "identifier": {"@type": "PropertyValue", "name": organisation.name, "value": str(vacancy.public_id)},
        "directApply": vacancy.apply_method == Vacancy.ApplyMethod.ON_SITE,
        "url": url,
        "industry": "Adult social care",
        "occupationalCategory": vacancy.role.name if vacancy.role else vacancy.get_setting_display(),
        "totalJobOpenings": vacancy.posts,
    }
    if vacancy.covers_area and not any(loc.postcode for loc in locations):
        area = vacancy.local_authority.name if vacancy.local_authority else "North East England"
        data["applicantLocationRequirements"] = {"@type": "AdministrativeArea", "name": area}
        data["jobLocation"] = {"@type": "Place", "address": _address(None, vacancy)}
    else:
        places = [{"@type": "Place", "address": _address(loc, vacancy)} for loc in locations] or [
            {"@type": "Place", "address": _address(None, vacancy)}
        ]
        data["jobLocation"] = places[0] if len(places) == 1 else places
    if vacancy.hourly_pay_min is not None:
        if vacancy.afc_band or vacancy.pay_period == Vacancy.PayPeriod.YEAR:
            unit, low, high = "YEAR", vacancy.annual_pay_min, vacancy.annual_pay_max
        else:
            unit, low, high = "HOUR", vacancy.hourly_pay_min, vacancy.hourly_pay_max
        value = {"@type": "QuantitativeValue", "unitText": unit, "minValue": float(low)}
        if high is not None and high != low:
            value["maxValue"] = float(high)
        else:
            value["value"] = float(low)
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "GBP", "value": value}
    if vacancy.hours_per_week:
        data["workHours"] = (
            f"{vacancy.hours_per_week.normalize():f} hours a week, {vacancy.get_pattern_display().lower()}"
        )
    benefits = vacancy.get_benefit_labels()
    if benefits:
        data["jobBenefits"] = ", ".join(benefits)
    data["experienceRequirements"] = vacancy.get_experience_display()
    data["qualifications"] = vacancy.get_qualification_display()
    if vacancy.new_to_care_welcome and vacancy.experience == Vacancy.Experience.NONE:
        data["experienceInPlaceOfEducation"] = True
    if vacancy.start_date:
        data["jobStartDate"] = vacancy.start_date.isoformat()
    if vacancy.visa_sponsorship:
        data["eligibilityToWorkRequirement"] = "Visa sponsorship is available for this job."
    return data
