from django.urls import path

from ats.views import apply

app_name = "apply"

urlpatterns = [
    path("<slug:slug>/apply/", apply.start, name="start"),
    path("<slug:slug>/apply/confirm/<str:token>/", apply.guest_confirm, name="guest"),
    path("<slug:slug>/apply/check-your-answers/", apply.check, name="check"),
    path("<slug:slug>/apply/application-sent/", apply.confirmation, name="confirmation"),
    path("<slug:slug>/apply/<slug:step>/", apply.step_view, name="step"),
]
