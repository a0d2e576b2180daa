"""Privacy: the privacy notice, the jobseeker's equality answers, download my data and delete my
account (/me/), and the equality reports (/recruit/equality/). Included by ats/urls.py."""

from django.urls import path

from ats.privacy.views import equality_report, privacy

# no namespace, at the site root
site_urlpatterns = [
    path("privacy-notice/", privacy.privacy_notice, name="privacy-notice"),
]

# namespace "candidate", under /me/
candidate_urlpatterns = [
    path("equality/", privacy.equality, name="equality"),
    path("download-my-data/", privacy.download_data, name="download-data"),
    path("delete-my-account/", privacy.delete_account, name="delete-account"),
]

# namespace "equality", under /recruit/equality/: aggregate reports for regional and organisation admins
equality_urlpatterns = [
    path("", equality_report.index, name="index"),
    path("region/", equality_report.region, name="region"),
    path("region.csv", equality_report.region_csv, name="region-csv"),
    path("<uuid:organisation>/", equality_report.organisation, name="organisation"),
    path("<uuid:organisation>.csv", equality_report.organisation_csv, name="organisation-csv"),
]
