from django.urls import path

from ats import feeds
from ats.views import alerts, employers, jobs

app_name = "jobs"

urlpatterns = [
    path("", jobs.job_list, name="list"),
    path("feed.xml", feeds.xml_feed, name="feed-xml"),
    path("feed.json", feeds.json_feed, name="feed-json"),
    path("areas/<slug:slug>/feed.rss", feeds.AreaJobsFeed(), name="area-feed"),
    path("alerts/new/", alerts.create_alert, name="alert-create"),
    path("alerts/confirm/<str:token>/", alerts.confirm_alert, name="alert-confirm"),
    path("alerts/unsubscribe/<str:token>/", alerts.unsubscribe, name="alert-unsubscribe"),
    path("employers/<slug:slug>/", employers.employer_profile, name="employer"),
    path("<slug:slug>/", jobs.job_detail, name="detail"),
    path("<slug:slug>/go/", jobs.click_out, name="click-out"),
]
