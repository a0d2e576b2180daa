from django.urls import path

from ats.views import candidate, privacy, routing

app_name = "candidate"

urlpatterns = [
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
    path("referral-consent/", routing.referral_consent, name="referral-consent"),
    path("equality/", privacy.equality, name="equality"),
    path("download-my-data/", privacy.download_data, name="download-data"),
    path("delete-my-account/", privacy.delete_account, name="delete-account"),
]
