"""Equality monitoring reports for regional and organisation admins, under /recruit/equality/."""

from django.urls import path

from ats.views import equality_report

app_name = "equality"

urlpatterns = [
    path("", equality_report.index, name="index"),
    path("region/", equality_report.region, name="region"),
    path("region.csv", equality_report.region_csv, name="region-csv"),
    path("<uuid:organisation>/", equality_report.organisation, name="organisation"),
    path("<uuid:organisation>.csv", equality_report.organisation_csv, name="organisation-csv"),
]
