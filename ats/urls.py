"""Every ATS URL, included once at the site root by cms/urls.py. Each subpackage keeps its own urls
module; a URL namespace that spans subpackages (the portal's "recruit", the jobseeker's "candidate")
is put together here, so every path and name stays as it was."""

from django.urls import include, path

from ats.alerts import urls as alerts
from ats.api import urls as api
from ats.applications import urls as applications
from ats.insight import urls as insight
from ats.jobs import urls as jobs
from ats.organisations import urls as organisations
from ats.pipeline import urls as pipeline
from ats.privacy import urls as privacy
from ats.routing import urls as routing

urlpatterns = [
    path("jobs/", include((applications.apply_urlpatterns, "apply"))),
    path("jobs/", include((alerts.jobs_urlpatterns + jobs.jobs_urlpatterns, "jobs"))),
    path("recruit/enquiries/", include((routing.routing_urlpatterns, "routing"))),
    path("recruit/equality/", include((privacy.equality_urlpatterns, "equality"))),
    path(
        "me/",
        include(
            (
                applications.candidate_urlpatterns
                + routing.candidate_urlpatterns
                + privacy.candidate_urlpatterns,
                "candidate",
            )
        ),
    ),
    *routing.site_urlpatterns,
    *privacy.site_urlpatterns,
    *api.site_urlpatterns,
    path(
        "recruit/",
        include(
            (
                pipeline.recruit_urlpatterns
                + jobs.recruit_urlpatterns
                + organisations.recruit_urlpatterns
                + api.recruit_urlpatterns
                + insight.recruit_urlpatterns,
                "recruit",
            )
        ),
    ),
    path("", include((pipeline.hiring_urlpatterns, "hiring"))),
    path("", include((insight.tenure_urlpatterns, "tenure"))),
    path("", include((insight.open_data_urlpatterns, "open_data"))),
]
