"""Jobs: the public search, job pages, feeds and employer profiles (/jobs/), and the portal's vacancy
pages (/recruit/vacancies/). Included by ats/urls.py."""

from django.urls import path

from ats.jobs import feeds
from ats.jobs.views import employers, imports, jobs, vacancies

# namespace "jobs", under /jobs/ (ats/alerts/urls.py adds the alert pages)
jobs_urlpatterns = [
    path("", jobs.job_list, name="list"),
    path("feed.xml", feeds.xml_feed, name="feed-xml"),
    path("feed.json", feeds.json_feed, name="feed-json"),
    path("areas/<slug:slug>/feed.rss", feeds.AreaJobsFeed(), name="area-feed"),
    path("employers/<slug:slug>/", employers.employer_profile, name="employer"),
    path("<slug:slug>/", jobs.job_detail, name="detail"),
    path("<slug:slug>/go/", jobs.click_out, name="click-out"),
]

# namespace "recruit", under /recruit/
recruit_urlpatterns = [
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
    path("approvals/", vacancies.approvals, name="approvals"),
    path("approvals/<uuid:vacancy>/", vacancies.approve, name="approve"),
]
