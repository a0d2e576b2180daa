"""Management information: a hire's start, "still in post?" questions, and the insight pages.
Included by ats/urls.py."""

from django.urls import path

from ats.insight.views import councils, insight, tenure

# namespace "recruit", under /recruit/
recruit_urlpatterns = [
    path("applications/<uuid:application>/start/", tenure.record_start, name="application-start"),
    path("insight/", insight.insight, name="insight"),
    path("insight/vacancies/<uuid:vacancy>/", insight.vacancy_insight, name="vacancy-insight"),
    path("insight/councils/", councils.councils, name="council-insight"),
    path("insight/in-post/", tenure.tenure_due, name="tenure-due"),
    path("insight/in-post/<uuid:tenure_check>/", tenure.tenure_answer_in_portal, name="tenure-answer"),
]

# namespace "tenure", at the site root: the emailed link (no sign-in needed)
tenure_urlpatterns = [
    path("in-post/<str:token>/", tenure.tenure_answer, name="answer"),
]

# namespace "open_data", at the site root: stable addresses for councils' analysts
open_data_urlpatterns = [
    path("open-data/insight/monthly.csv", councils.open_data, {"extension": "csv"}, name="monthly-csv"),
    path("open-data/insight/monthly.json", councils.open_data, {"extension": "json"}, name="monthly-json"),
]
