from django.urls import path

from ats.views import jobs

app_name = "jobs"

urlpatterns = [
    path("", jobs.job_list, name="list"),
    path("<slug:slug>/", jobs.job_detail, name="detail"),
]
