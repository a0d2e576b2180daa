"""Job alerts: make one from a search, confirm it, unsubscribe. Included by ats/urls.py."""

from django.urls import path

from ats.alerts import views

# namespace "jobs", under /jobs/
jobs_urlpatterns = [
    path("alerts/new/", views.create_alert, name="alert-create"),
    path("alerts/confirm/<str:token>/", views.confirm_alert, name="alert-confirm"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="alert-unsubscribe"),
]
