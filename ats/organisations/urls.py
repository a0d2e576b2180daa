"""Organisations: people and invitations, interview slots, message templates, export and audit log
(/recruit/). Included by ats/urls.py."""

from django.urls import path

from ats.organisations.views import organisations

# namespace "recruit", under /recruit/
recruit_urlpatterns = [
    path("vacancies/<uuid:vacancy>/slots/", organisations.slots, name="slots"),
    path("slots/<uuid:slot>/delete/", organisations.slot_delete, name="slot-delete"),
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
