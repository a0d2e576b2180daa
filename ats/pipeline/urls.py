"""Pipeline and hiring: the portal's home, a vacancy's applications, the application page, offers and
checks (/recruit/), and the candidate's hiring pages reached from emails. Included by ats/urls.py."""

from django.urls import path

from ats.pipeline.views import dashboard, hiring, pipeline

# namespace "recruit", under /recruit/
recruit_urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("vacancies/<uuid:vacancy>/applications/", pipeline.application_list, name="application-list"),
    path("vacancies/<uuid:vacancy>/board/", pipeline.board, name="board"),
    path("vacancies/<uuid:vacancy>/bulk/", pipeline.bulk, name="bulk"),
    path("applications/<uuid:application>/", pipeline.application_detail, name="application-detail"),
    path("applications/<uuid:application>/move/", pipeline.application_move, name="application-move"),
    path("applications/<uuid:application>/notes/", pipeline.application_note, name="application-note"),
    path("applications/<uuid:application>/ratings/", pipeline.application_rate, name="application-rate"),
    path(
        "applications/<uuid:application>/message/", pipeline.application_message, name="application-message"
    ),
    path("applications/<uuid:application>/cv/", pipeline.application_cv, name="application-cv"),
    path("applications/<uuid:application>/offer/", pipeline.application_offer, name="application-offer"),
    path(
        "applications/<uuid:application>/offer/withdraw/",
        pipeline.application_withdraw_offer,
        name="application-withdraw-offer",
    ),
    path("applications/<uuid:application>/hire/", pipeline.application_hire, name="application-hire"),
    path("checks/<uuid:check>/", pipeline.check_update, name="check-update"),
    path("interviews/<uuid:interview>/outcome/", pipeline.interview_outcome, name="interview-outcome"),
]

# namespace "hiring", at the site root
hiring_urlpatterns = [
    path("interviews/<uuid:interview>/", hiring.book_interview, name="interview-book"),
    path("offers/<uuid:offer>/disclosure/", hiring.disclosure, name="offer-disclosure"),
    path("courses/places/<str:token>/", hiring.course_place, name="course-place"),
]
