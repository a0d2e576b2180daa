"""Privacy pages for jobseekers: equality questions, download my data, delete my account."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from ats.applications.models import Application, EqualityResponse
from ats.privacy.equality import save_equality_response
from ats.privacy.erasure import delete_account as delete_account_service
from ats.privacy.forms import EQUALITY_WORDING, EqualityForm
from ats.privacy.subject_access import export_data


@login_required
def equality(request):
    instance = EqualityResponse.objects.filter(user=request.user).first()
    form = EqualityForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        latest = Application.objects.filter(candidate=request.user).select_related("vacancy").first()
        save_equality_response(
            request.user,
            {name: form.cleaned_data[name] for name in EqualityResponse.REPORTED_FIELDS},
            organisation=latest.vacancy.organisation if latest else None,
            wording=EQUALITY_WORDING,
        )
        messages.success(request, "Thank you. Your equality answers have been saved.")
        return redirect("candidate:dashboard")
    return render(
        request,
        "ats/candidate/equality.html",
        {"form": form, "wording": EQUALITY_WORDING},
        status=400 if form.errors else 200,
    )


@login_required
def download_data(request):
    if request.method == "POST":
        response = HttpResponse(export_data(request.user), content_type="application/zip")
        response["Content-Disposition"] = (
            f'attachment; filename="care-careers-my-data-{timezone.localdate():%Y-%m-%d}.zip"'
        )
        response["Cache-Control"] = "private, no-store"
        return response
    return render(request, "ats/candidate/download_data.html")


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that my account, profile, CVs and applications will be deleted",
        error_messages={"required": "Tick the box to confirm you want to delete your account"},
    )


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        delete_account_service(user)
        return render(request, "ats/candidate/account_deleted.html")
    return render(
        request, "ats/candidate/delete_account.html", {"form": form}, status=400 if form.errors else 200
    )


def privacy_notice(request):
    return render(request, "ats/privacy_notice.html")
