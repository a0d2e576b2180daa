from django.urls import path

from ats.views import routing

app_name = "routing"

urlpatterns = [
    path("", routing.inbox, name="inbox"),
    path("<int:pk>/", routing.decision_detail, name="decision"),
    path("<int:pk>/acknowledge/", routing.acknowledge, name="acknowledge"),
    path("<int:pk>/refer/", routing.refer, name="refer"),
    path("<int:pk>/invite/", routing.invite, name="invite"),
    path("referrals/<int:pk>/", routing.referral_detail, name="referral"),
    path("referrals/<int:pk>/respond/", routing.referral_respond, name="referral-respond"),
    path("courses/", routing.cohort_list, name="cohorts"),
    path("courses/<int:pk>/", routing.cohort_detail, name="cohort"),
    path("courses/enrolments/<int:pk>/", routing.enrolment_move, name="enrolment-move"),
]
