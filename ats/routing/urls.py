"""Routing: the "not sure" enquiry form, the receiving organisation's routed enquiries, referrals and
courses (/recruit/enquiries/), and the candidate's referral consent. Included by ats/urls.py."""

from django.urls import path

from ats.routing.views import enquiry, inbox

# no namespace, at the site root
site_urlpatterns = [
    path("not-sure/", enquiry.enquiry, name="enquiry"),
]

# namespace "routing", under /recruit/enquiries/
routing_urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("<int:pk>/", inbox.decision_detail, name="decision"),
    path("<int:pk>/acknowledge/", inbox.acknowledge, name="acknowledge"),
    path("<int:pk>/refer/", inbox.refer, name="refer"),
    path("<int:pk>/invite/", inbox.invite, name="invite"),
    path("referrals/<int:pk>/", inbox.referral_detail, name="referral"),
    path("referrals/<int:pk>/respond/", inbox.referral_respond, name="referral-respond"),
    path("courses/", inbox.cohort_list, name="cohorts"),
    path("courses/<int:pk>/", inbox.cohort_detail, name="cohort"),
    path("courses/enrolments/<int:pk>/", inbox.enrolment_move, name="enrolment-move"),
]

# namespace "candidate", under /me/
candidate_urlpatterns = [
    path("referral-consent/", inbox.referral_consent, name="referral-consent"),
]
