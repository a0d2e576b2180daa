"""The recruiter portal, /recruit/. Every view fetches through ats.permissions; object ids are UUIDs."""

from django.urls import path

from ats.views.recruit import dashboard, imports, organisations, pipeline, vacancies

app_name = "recruit"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("vacancies/", vacancies.vacancy_list, name="vacancy-list"),
    path("vacancies/new/", vacancies.vacancy_create, name="vacancy-create"),
    path("vacancies/import/", imports.upload, name="vacancy-import-upload"),
    path("vacancies/import/template.csv", imports.template_csv, name="vacancy-import-template"),
    path("vacancies/import/<uuid:upload>/", imports.preview, name="vacancy-import"),
    path("vacancies/import/<uuid:upload>/confirm/", imports.confirm, name="vacancy-import-confirm"),
    path("vacancies/import/<uuid:upload>/retry/", imports.retry, name="vacancy-import-retry"),
    path("vacancies/<uuid:vacancy>/", vacancies.vacancy_preview, name="vacancy-preview"),
    path("vacancies/<uuid:vacancy>/edit/", vacancies.vacancy_edit, name="vacancy-edit"),
    path("vacancies/<uuid:vacancy>/publish/", vacancies.vacancy_publish, name="vacancy-publish"),
    path("vacancies/<uuid:vacancy>/clone/", vacancies.vacancy_clone, name="vacancy-clone"),
    path("vacancies/<uuid:vacancy>/close/", vacancies.vacancy_close, name="vacancy-close"),
    path("vacancies/<uuid:vacancy>/criteria/", vacancies.vacancy_criteria, name="vacancy-criteria"),
    path("vacancies/<uuid:vacancy>/questions/", vacancies.vacancy_questions, name="vacancy-questions"),
    path("vacancies/<uuid:vacancy>/applications/", pipeline.application_list, name="application-list"),
    path("vacancies/<uuid:vacancy>/board/", pipeline.board, name="board"),
    path("vacancies/<uuid:vacancy>/bulk/", pipeline.bulk, name="bulk"),
    path("vacancies/<uuid:vacancy>/slots/", organisations.slots, name="slots"),
    path("slots/<uuid:slot>/delete/", organisations.slot_delete, name="slot-delete"),
    path("approvals/", vacancies.approvals, name="approvals"),
    path("approvals/<uuid:vacancy>/", vacancies.approve, name="approve"),
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
    path("organisations/", organisations.organisation_list, name="organisation-list"),
    path("organisations/<uuid:organisation>/people/", organisations.people, name="people"),
    path(
        "organisations/<uuid:organisation>/people/remove/", organisations.person_remove, name="person-remove"
    ),
    path(
        "organisations/<uuid:organisation>/templates/",
        organisations.message_templates,
        name="message-templates",
    ),
    path("organisations/<uuid:organisation>/export.csv", organisations.export, name="export"),
    path("organisations/<uuid:organisation>/audit/", organisations.audit_log, name="audit-log"),
    path("invitations/<str:token>/", organisations.invitation_accept, name="invitation-accept"),
]
