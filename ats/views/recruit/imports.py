"""Upload a CSV of vacancies for your own organisation: checked and previewed, imported on confirm.

All or nothing: a file with any problem imports nothing. The preview names each problem by
spreadsheet row and column in plain words; the person fixes the file and uploads it again. A good
file is previewed row by row and imported only when they confirm (once: a second confirm does
nothing). Only organisation admins, recruiters and coordinators (and regional admins) may upload;
another organisation's import is a 404.
"""

from __future__ import annotations

import io

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from ats.models import Vacancy, VacancyImport
from ats.permissions import can_edit, editable_organisations_for, organisations_for
from ats.services.imports import MAX_ROWS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS, import_vacancies

from .common import portal_view

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


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


def imports_for(user):
    """Uploads scoped to the user's organisations (all of them for regional admins)."""
    return VacancyImport.objects.filter(organisation__in=organisations_for(user))


def _editable_import(request, public_id) -> VacancyImport:
    upload = get_object_or_404(imports_for(request.user).select_related("organisation"), public_id=public_id)
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
        text = form.cleaned_data["file"]
        upload = VacancyImport.objects.create(
            organisation=form.cleaned_data["organisation"],
            uploaded_by=request.user,
            filename=request.FILES["file"].name[:200],
            content=text,
            rows=max(0, len(text.splitlines()) - 1),
        )
        return redirect("recruit:vacancy-import", upload=upload.public_id)
    return render(
        request,
        "ats/recruit/vacancy_import_upload.html",
        {"form": form, "required": REQUIRED_COLUMNS, "optional": OPTIONAL_COLUMNS},
    )


def _check(upload: VacancyImport):
    return import_vacancies(
        io.StringIO(upload.content, newline=""), organisation=upload.organisation, check_only=True
    )


@portal_view
def preview(request, upload):
    upload = _editable_import(request, upload)
    result = None if upload.imported_at else _check(upload)
    rows = []
    if result is not None and result.ok:
        settings = dict(Vacancy.Setting.choices)
        rows = [
            {
                "row": number,
                "title": data["title"],
                "setting": settings.get(data["setting"], data["setting"]),
                "postcode": data["location_postcode"],
                "closing_date": data["closing_date"],
                "pay": _pay_words(data),
            }
            for number, data in result.checked
        ]
    by_row: dict[int, list] = {}
    for error in result.errors if result else []:
        by_row.setdefault(error.row, []).append(error)
    return render(
        request,
        "ats/recruit/vacancy_import_preview.html",
        {
            "upload": upload,
            "result": result,
            "rows": rows,
            "problems": sorted(by_row.items()),
            "will_publish": upload.organisation.verified,
        },
    )


def _pay_words(data: dict) -> str:
    if data.get("afc_band"):
        return f"AfC band {data['afc_band']}"
    if data.get("pay_min") is None:
        return "Pay not stated"
    period = "an hour" if (data.get("pay_period") or "hour") == "hour" else "a year"
    low, high = data["pay_min"], data.get("pay_max") or data["pay_min"]
    return f"£{low:,.2f} {period}" if low == high else f"£{low:,.2f} to £{high:,.2f} {period}"


@portal_view
def confirm(request, upload):
    upload = _editable_import(request, upload)
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    with transaction.atomic():
        locked = VacancyImport.objects.select_for_update().get(pk=upload.pk)
        if locked.imported_at:
            messages.info(request, "This file has already been imported.")
            return redirect("recruit:vacancy-list")
        result = import_vacancies(io.StringIO(locked.content, newline=""), organisation=locked.organisation)
        if not result.ok:  # the data changed since the preview (a closing date passed, a role removed)
            transaction.set_rollback(True)
            return redirect("recruit:vacancy-import", upload=upload.public_id)
        locked.imported_at = timezone.now()
        locked.imported_count = len(result.created)
        locked.save(update_fields=["imported_at", "imported_count"])
    status = "live" if upload.organisation.verified else "waiting for approval"
    messages.success(
        request,
        f"Imported {len(result.created):,} vacancies for {upload.organisation.name}. They are {status}.",
    )
    return redirect("recruit:vacancy-list")


@portal_view
def template_csv(request):
    """An empty CSV with every column, to fill in."""
    response = HttpResponse(",".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS) + "\r\n", content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="vacancies-template.csv"'
    return response
