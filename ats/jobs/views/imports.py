"""Upload a CSV of vacancies for your own organisation: checked and previewed, imported on confirm.

The upload is stored as an import job and a worker does the work, so a big file never holds up the
request: the job's page shows the progress (it refreshes itself, with htmx when there is
JavaScript, a meta refresh when not), then the problems or the preview, then the result. All or
nothing: a file with any problem imports nothing. The report names each problem by spreadsheet row
and column in plain words; the person fixes the file and uploads it again. A good file is imported
only when they confirm (once: a second confirm does nothing). A step the worker could not finish
can be run again from the page: the file is kept. Only organisation admins, recruiters and
coordinators (and regional admins) may upload; another organisation's import is a 404.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from ats.jobs.imports import (
    MAX_ROWS,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    can_retry,
    confirm_import,
    import_progress,
    retry_import,
    start_import,
)
from ats.jobs.models import VacancyImport
from ats.organisations.permissions import can_edit, editable_organisations_for, vacancy_imports_for
from ats.organisations.views.common import portal_view

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
REFRESH_SECONDS = 2  # how often the progress updates


class VacancyUploadForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=None,
        label="Organisation",
        empty_label=None,
        help_text="The vacancies will be this organisation's.",
    )
    file = forms.FileField(
        label="CSV file",
        help_text=f"A spreadsheet saved as 'CSV UTF-8', up to {MAX_ROWS:,} vacancies and 2 MB.",
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        only = list(organisations[:2])
        if len(only) == 1:  # one organisation: nothing to choose
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].initial = only[0].pk
            self.fields["organisation"].required = False
            self.only = only[0]
        else:
            self.only = None

    def clean_organisation(self):
        return self.cleaned_data.get("organisation") or self.only

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(
                "The file must be a CSV file (ending .csv). Save your spreadsheet as CSV."
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file must be smaller than 2 MB. Split it into smaller files.")
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "The file is not UTF-8 text. In your spreadsheet, save it as 'CSV UTF-8' and upload it again."
            ) from None
        if "\x00" in text:
            raise forms.ValidationError("The file is not a CSV file. Save your spreadsheet as CSV.")
        return text


def _editable_import(request, public_id) -> VacancyImport:
    upload = get_object_or_404(
        vacancy_imports_for(request.user).select_related("organisation"), public_id=public_id
    )
    if not can_edit(request.user, upload.organisation_id):
        raise Http404("Not found")
    return upload


@portal_view
def upload(request):
    organisations = editable_organisations_for(request.user).order_by("name")
    if not organisations.exists():
        raise Http404("Not found")
    bound = request.method == "POST"
    form = VacancyUploadForm(
        request.POST if bound else None, request.FILES if bound else None, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        job = start_import(
            organisation=form.cleaned_data["organisation"],
            user=request.user,
            filename=request.FILES["file"].name,
            content=form.cleaned_data["file"],
        )
        return redirect("recruit:vacancy-import", upload=job.public_id)
    return render(
        request,
        "ats/recruit/vacancy_import_upload.html",
        {"form": form, "required": REQUIRED_COLUMNS, "optional": OPTIONAL_COLUMNS},
    )


@portal_view
def preview(request, upload):
    """The import job's page: progress, then the problems or the preview, then the result."""
    upload = _editable_import(request, upload)
    if request.htmx and request.htmx.target == "import-progress" and not upload.in_progress:
        return HttpResponse(headers={"HX-Refresh": "true"})  # done: show the whole new page
    done = import_progress(upload)
    by_row: dict[int, list] = {}
    for problem in upload.problems:
        by_row.setdefault(problem["row"], []).append(problem)
    context = {
        "upload": upload,
        "done": done,
        "percent": round(100 * done / upload.rows) if upload.rows else 0,
        "can_retry": can_retry(upload),
        "problems": sorted(by_row.items()),
        "problem_count": len(upload.problems),
        "rows": [
            {**row, "closing_date": datetime.date.fromisoformat(row["closing_date"])}
            for row in upload.preview
        ],
        "will_publish": upload.organisation.verified,
        "refresh_seconds": REFRESH_SECONDS,
    }
    if request.htmx and request.htmx.target == "import-progress":
        return render(request, "ats/recruit/_vacancy_import_progress.html", context)
    return render(request, "ats/recruit/vacancy_import_preview.html", context)


@portal_view
def confirm(request, upload):
    upload = _editable_import(request, upload)
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    if not confirm_import(upload):
        upload.refresh_from_db()
        if upload.status == VacancyImport.Status.IMPORTED:
            messages.info(request, "This file has already been imported.")
            return redirect("recruit:vacancy-list")
    return redirect("recruit:vacancy-import", upload=upload.public_id)


@portal_view
def retry(request, upload):
    """Run the step that stopped (or stalled) again, from the kept file."""
    upload = _editable_import(request, upload)
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    if retry_import(upload):
        messages.info(request, "We are trying again. This page will show the progress.")
    return redirect("recruit:vacancy-import", upload=upload.public_id)


@portal_view
def template_csv(request):
    """An empty CSV with every column, to fill in."""
    response = HttpResponse(",".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS) + "\r\n", content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="vacancies-template.csv"'
    return response
