"""The jobseeker's own pages under /me/: dashboard, profile, CVs, applications, saved jobs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ats.applications.cvs import CVRejected, delete_cv, store_cv
from ats.applications.cvs import cv_download as cv_download_name
from ats.applications.dashboard import dashboard_context, messages_for
from ats.applications.forms.cv import CVUploadForm
from ats.applications.forms.profile import PROFILE_SECTIONS, display_value
from ats.applications.models import CV, Application, ApplicationDraft, CandidateMessage, SavedJob
from ats.jobs.models import Vacancy
from ats.pipeline.moves import PipelineError, move_application
from ats.pipeline.status import CANDIDATE_WORDING, Stage
from cms.storage import private_file_response


@login_required
def dashboard(request):
    drafts = ApplicationDraft.objects.filter(candidate=request.user, application=None).select_related(
        "vacancy", "vacancy__organisation"
    )
    saved = SavedJob.objects.filter(user=request.user).select_related("vacancy", "vacancy__organisation")
    return render(
        request,
        "ats/candidate/dashboard.html",
        {**dashboard_context(request.user), "drafts": drafts, "saved_jobs": saved},
    )


@login_required
def employer_messages(request):
    return render(
        request,
        "ats/candidate/messages.html",
        {"employer_messages": messages_for(request.user)[:500]},
    )


@login_required
def employer_message(request, public_id):
    message = get_object_or_404(messages_for(request.user), public_id=public_id)
    if message.read_at is None:
        CandidateMessage.objects.filter(pk=message.pk, read_at=None).update(read_at=timezone.now())
    return render(request, "ats/candidate/message.html", {"message": message})


@login_required
def profile(request):
    sections = []
    for key, form_class in PROFILE_SECTIONS.items():
        initial = form_class.initial_for(request.user)
        form = form_class()
        rows = [
            {"label": field.label, "value": display_value(form_class, name, initial.get(name))}
            for name, field in form.fields.items()
        ]
        sections.append({"key": key, "title": form_class.title, "rows": rows})
    return render(request, "ats/candidate/profile.html", {"sections": sections})


@login_required
def profile_section(request, section):
    form_class = PROFILE_SECTIONS.get(section)
    if form_class is None:
        raise Http404
    form = form_class(
        request.POST if request.method == "POST" else None, initial=form_class.initial_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        form_class.save_to_profile(request.user, form.cleaned_data)
        messages.success(request, f"{form_class.title}: saved.")
        return redirect("candidate:profile")
    return render(request, "ats/candidate/section.html", {"form": form})


@login_required
def cvs(request):
    form = CVUploadForm(request.POST, request.FILES) if request.method == "POST" else CVUploadForm()
    if request.method == "POST" and form.is_valid():
        try:
            cv = store_cv(request.user, form.cleaned_data["file"])
        except CVRejected as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, f"Your CV “{cv.original_name}” has been uploaded.")
            return redirect("candidate:cvs")
    return render(
        request,
        "ats/candidate/cvs.html",
        {"form": form, "cvs": CV.objects.filter(candidate=request.user)},
        status=400 if form.errors else 200,
    )


def cv_response(cv: CV, *, require_clean: bool = False):
    """A download of a private CV: a short-lived signed URL on S3, else streamed by Django.
    Callers check permission first. Infected files are never served; recruiters' views pass
    `require_clean=True` so a file still waiting for its virus check is not served either."""
    if cv.scan_status == CV.ScanStatus.INFECTED or not cv.file:
        raise Http404
    if require_clean and cv.scan_status != CV.ScanStatus.CLEAN:
        raise Http404
    filename, detected = cv_download_name(cv)
    return private_file_response(cv.file, filename=filename, content_type=detected.content_type)


@login_required
def cv_download(request, public_id):
    return cv_response(get_object_or_404(CV, public_id=public_id, candidate=request.user))


@login_required
@require_POST
def cv_delete(request, public_id):
    cv = get_object_or_404(CV, public_id=public_id, candidate=request.user)
    name = cv.original_name
    if (
        Application.objects.filter(cv=cv, candidate=request.user)
        .exclude(stage__in=[Stage.REJECTED, Stage.WITHDRAWN, Stage.HIRED])
        .exists()
    ):
        messages.error(
            request, f"“{name}” is part of an application in progress, so it cannot be deleted yet."
        )
    else:
        delete_cv(cv)
        messages.success(request, f"“{name}” has been deleted.")
    return redirect("candidate:cvs")


@login_required
def application_detail(request, public_id):
    application = get_object_or_404(
        Application.objects.select_related("vacancy", "vacancy__organisation"),
        public_id=public_id,
        candidate=request.user,
    )
    timeline = [
        {"at": event.at, "text": CANDIDATE_WORDING.get(event.to_stage, "")}
        for event in application.events.all()
    ]
    return render(
        request,
        "ats/candidate/application.html",
        {"application": application, "timeline": timeline, "employer_messages": application.messages.all()},
    )


@login_required
def application_withdraw(request, public_id):
    application = get_object_or_404(
        Application.objects.select_related("vacancy"), public_id=public_id, candidate=request.user
    )
    if not application.is_open:
        messages.info(request, "This application is closed, so it cannot be withdrawn.")
        return redirect("candidate:application", public_id=application.public_id)
    if request.method == "POST":
        try:
            move_application(
                application,
                Stage.WITHDRAWN,
                by=request.user,
                note="Withdrawn by the candidate",
                expected_stage=request.POST.get("stage") or None,
            )
        except PipelineError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"You withdrew your application for {application.vacancy.title}.")
        return redirect("candidate:application", public_id=application.public_id)
    return render(request, "ats/candidate/withdraw.html", {"application": application})


@login_required
def saved_jobs(request):
    saved = SavedJob.objects.filter(user=request.user).select_related("vacancy", "vacancy__organisation")
    return render(request, "ats/candidate/saved_jobs.html", {"saved_jobs": saved})


@login_required
@require_POST
def toggle_saved_job(request, slug):
    vacancy = get_object_or_404(Vacancy.objects.exclude(status=Vacancy.Status.DRAFT), slug=slug)
    saved, created = SavedJob.objects.get_or_create(user=request.user, vacancy=vacancy)
    if not created:
        saved.delete()
        messages.success(request, f"{vacancy.title} removed from your saved jobs.")
    else:
        messages.success(request, f"{vacancy.title} saved. Find it in your account.")
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect("candidate:saved-jobs")
