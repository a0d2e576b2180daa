"""Answers to every step of the apply journey, as a jobseeker would type them. Shared by the apply
tests and the load test (bench/load.py), so both walk the same form.

STEP_DATA holds each step's answers (the draft keeps them by step); SCREEN_DATA the same answers
as the screens ask them (issue 24: details; you and care work; this job); CONSENT is ticked on the
check-your-answers page."""

STEP_DATA = {
    "details": {"first_name": "Jo", "last_name": "Seeker", "phone": "07700900123", "postcode": "ne1 4st"},
    "eligibility": {"over_18": "yes", "right_to_work": "yes", "driving_licence": "no", "has_car": "no"},
    "availability": {"availability": ["days", "weekends"], "hours_wanted": "30"},
    "experience": {"experience": "none", "care_certificate": "in_progress", "qualifications": ""},
    "statement": {"personal_statement": "I cared for my grandmother for three years."},
    "referees": {
        "referee_1_name": "Sam Boss",
        "referee_1_relationship": "Manager",
        "referee_1_contact": "sam@shop.example",
        "referee_2_name": "Ali Friend",
        "referee_2_relationship": "Volunteer lead",
        "referee_2_contact": "0191 498 0000",
    },
    "consent": {"consent": "on"},
}

SCREEN_DATA = {
    "details": STEP_DATA["details"],
    "about": {**STEP_DATA["eligibility"], **STEP_DATA["availability"], **STEP_DATA["experience"]},
    "job": {**STEP_DATA["statement"], **STEP_DATA["referees"], "adjustments": "", "cv": "none"},
}
CONSENT = STEP_DATA["consent"]
