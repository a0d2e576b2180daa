"""Pipeline and hiring: the portal's home, a vacancy's applications, the application page, offers and
checks (/recruit/), and the candidate's hiring pages reached from emails. Included by ats/urls.py."""

from django.urls import path

from ats.pipeline.views import application, checks, dashboard, hiring, outcomes, pipeline

# namespace "recruit", under /recruit/
recruit_urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("vacancies/<uuid:vacancy>/applications/", pipeline.application_list, name="application-list"),
    path("vacancies/<uuid:vacancy>/board/", pipeline.board, name="board"),
    path("vacancies/<uuid:vacancy>/bulk/", pipeline.bulk, name="bulk"),
    path("vacancies/<uuid:vacancy>/bulk/<uuid:action>/undo/", pipeline.bulk_undo, name="bulk-undo"),
    path("vacancies/<uuid:vacancy>/closing/", outcomes.closure, name="closure"),
    path("organisations/<uuid:organisation>/outcomes/", outcomes.outcome_report, name="outcomes"),
    path("applications/<uuid:application>/", application.application_detail, name="application-detail"),
    path("applications/<uuid:application>/move/", application.application_move, name="application-move"),
    path("applications/<uuid:application>/notes/", application.application_note, name="application-note"),
    path("applications/<uuid:application>/ratings/", application.application_rate, name="application-rate"),
    path(
        "applications/<uuid:application>/message/",
        application.application_message,
        name="application-message",
    ),
    path("applications/<uuid:application>/cv/", application.application_cv, name="application-cv"),
    path("applications/<uuid:application>/offer/", application.application_offer, name="application-offer"),
    path(
        "applications/<uuid:application>/offer/withdraw/",
        application.application_withdraw_offer,
        name="application-withdraw-offer",
    ),
    path("applications/<uuid:application>/hire/", application.application_hire, name="application-hire"),
    path(
        "applications/<uuid:application>/references/",
        application.application_references,
        name="application-references",
    ),
    path("checks/", checks.check_list, name="check-list"),
    path("checks/<uuid:check>/", application.check_update, name="check-update"),
    path("interviews/<uuid:interview>/outcome/", application.interview_outcome, name="interview-outcome"),
]

# namespace "hiring", at the site root
hiring_urlpatterns = [
    path("interviews/<uuid:interview>/", hiring.book_interview, name="interview-book"),
    path("offers/<uuid:offer>/disclosure/", hiring.disclosure, name="offer-disclosure"),
    path("courses/places/<str:token>/", hiring.course_place, name="course-place"),
    path("references/<str:token>/", hiring.reference, name="reference"),
    path("applications/<uuid:application>/referees/", hiring.referees, name="referees"),
]
