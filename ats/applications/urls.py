"""Applying (/jobs/<slug>/apply/) and the jobseeker's own pages (/me/). Included by ats/urls.py."""

from django.urls import path

from ats.applications.views import apply, candidate

# namespace "apply", under /jobs/
apply_urlpatterns = [
    path("<slug:slug>/apply/", apply.start, name="start"),
    path("<slug:slug>/apply/confirm/<str:token>/", apply.guest_confirm, name="guest"),
    path("<slug:slug>/apply/check-your-answers/", apply.check, name="check"),
    path("<slug:slug>/apply/application-sent/", apply.confirmation, name="confirmation"),
    path("<slug:slug>/apply/<slug:step>/", apply.step_view, name="step"),
]

# namespace "candidate", under /me/ (ats/routing/urls.py and ats/privacy/urls.py add their pages)
candidate_urlpatterns = [
    path("", candidate.dashboard, name="dashboard"),
    path("profile/", candidate.profile, name="profile"),
    path("profile/<slug:section>/", candidate.profile_section, name="profile-section"),
    path("cvs/", candidate.cvs, name="cvs"),
    path("cvs/<uuid:public_id>/", candidate.cv_download, name="cv-download"),
    path("cvs/<uuid:public_id>/delete/", candidate.cv_delete, name="cv-delete"),
    path("applications/<uuid:public_id>/", candidate.application_detail, name="application"),
    path(
        "applications/<uuid:public_id>/withdraw/", candidate.application_withdraw, name="application-withdraw"
    ),
    path("messages/", candidate.employer_messages, name="messages"),
    path("messages/<uuid:public_id>/", candidate.employer_message, name="message"),
    path("saved-jobs/", candidate.saved_jobs, name="saved-jobs"),
    path("saved-jobs/<slug:slug>/", candidate.toggle_saved_job, name="toggle-saved-job"),
]
