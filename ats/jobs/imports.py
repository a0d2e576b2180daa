"""Bulk CSV import of vacancies for multi-site providers: every row checked, all or nothing.

`import_vacancies` is usable from `manage.py import_vacancies` and from the import jobs below: give
it a text stream, the employer and, optionally, a progress callback; it returns what it made or
every problem found, each naming the spreadsheet row (the header is row 1) and the column.

The recruiter portal's upload is an import job (`VacancyImport`): stored first, so nothing is lost
if a worker fails, then checked by a task with progress, previewed, and on confirmation imported by
a task in one transaction. A step that failed (or stalled) can be run again.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from django import forms
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from ats.jobs.models import Role, Vacancy, VacancyImport
from ats.jobs.vacancies import refresh_vacancies, unique_slug
from ats.organisations.models import Location, Organisation
from ats.places.postcodes import PostcodeError, lookup
from cms.tasks import enqueue_on_commit

Progress = Callable[[str, int, int], None]
REQUIRED_COLUMNS = ["title", "setting", "location_postcode", "closing_date"]
OPTIONAL_COLUMNS = [
    "role", "location_name", "contract", "pattern", "hours_per_week", "pay_min", "pay_max", "pay_period",
    "afc_band", "summary", "description", "benefits", "new_to_care_welcome", "driving_required",
    "own_vehicle_required", "visa_sponsorship", "apprenticeship", "posts", "start_date", "apply_method",
    "external_url", "dbs_level",
]  # fmt: skip
MAX_ROWS = 5000
TRUE = {"yes", "y", "true", "1"}
FALSE = {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}, {self.field}: {self.message}"


@dataclass
class ImportResult:
    created: list[Vacancy] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    checked: list[tuple[int, dict]] = field(default_factory=list)  # (row number, cleaned row) of good rows

    @property
    def ok(self) -> bool:
        return not self.errors


class YesNoField(forms.CharField):
    def clean(self, value):
        text = (value or "").strip().lower()
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        raise forms.ValidationError("Enter yes or no.")


class VacancyRowForm(forms.Form):
    title = forms.CharField(max_length=200)
    setting = forms.ChoiceField(choices=Vacancy.Setting.choices)
    location_postcode = forms.CharField(max_length=40)
    location_name = forms.CharField(max_length=200, required=False)
    closing_date = forms.DateField(input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    role = forms.CharField(required=False)
    contract = forms.ChoiceField(choices=Vacancy.Contract.choices, required=False)
    pattern = forms.ChoiceField(choices=Vacancy.Pattern.choices, required=False)
    hours_per_week = forms.DecimalField(min_value=1, max_value=60, decimal_places=1, required=False)
    pay_min = forms.DecimalField(min_value=0, max_digits=9, decimal_places=2, required=False)
    pay_max = forms.DecimalField(min_value=0, max_digits=9, decimal_places=2, required=False)
    pay_period = forms.ChoiceField(choices=Vacancy.PayPeriod.choices, required=False)
    afc_band = forms.ChoiceField(
        choices=[("", "")] + [(b, b) for b in ["2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9"]],
        required=False,
    )
    summary = forms.CharField(max_length=300, required=False)
    description = forms.CharField(required=False)
    benefits = forms.CharField(required=False)
    new_to_care_welcome = YesNoField(required=False)
    driving_required = YesNoField(required=False)
    own_vehicle_required = YesNoField(required=False)
    visa_sponsorship = YesNoField(required=False)
    apprenticeship = YesNoField(required=False)
    posts = forms.IntegerField(min_value=1, max_value=500, required=False)
    start_date = forms.DateField(input_formats=["%Y-%m-%d", "%d/%m/%Y"], required=False)
    apply_method = forms.ChoiceField(choices=Vacancy.ApplyMethod.choices, required=False)
    external_url = forms.URLField(required=False, assume_scheme="https")
    dbs_level = forms.ChoiceField(choices=Vacancy.DbsLevel.choices, required=False)

    def __init__(self, *args, roles: dict[str, Role], **kwargs):
        super().__init__(*args, **kwargs)
        self.roles = roles
        self.place = None
        for form_field in self.fields.values():  # plain words naming what is allowed
            if isinstance(form_field, forms.ChoiceField):
                codes = ", ".join(str(value) for value, _ in form_field.choices if value)
                form_field.error_messages["invalid_choice"] = (
                    f"“%(value)s” is not one we know. Use one of: {codes}."
                )
            elif isinstance(form_field, forms.DateField):
                form_field.error_messages["invalid"] = "Enter a date like 2026-12-31 or 31/12/2026."

    def clean_closing_date(self) -> datetime.date:
        value = self.cleaned_data["closing_date"]
        if value < timezone.localdate():
            raise forms.ValidationError("The closing date must be today or later.")
        return value

    def clean_role(self) -> Role | None:
        text = (self.cleaned_data.get("role") or "").strip()
        if not text:
            return None
        role = self.roles.get(slugify(text))
        if role is None:
            raise forms.ValidationError(
                f"“{text}” is not a job role we know. Use one of: {', '.join(r.name for r in self.roles.values())}."
            )
        return role

    def clean_benefits(self) -> list[str]:
        codes = [
            part.strip() for part in (self.cleaned_data.get("benefits") or "").split(";") if part.strip()
        ]
        unknown = [code for code in codes if code not in Vacancy.Benefit.values]
        if unknown:
            raise forms.ValidationError(
                f"Unknown benefit {', '.join(unknown)}. Use codes like paid_training; mileage."
            )
        return codes

    def clean_location_postcode(self) -> str:
        try:
            self.place = lookup(self.cleaned_data["location_postcode"])
        except PostcodeError as error:
            raise forms.ValidationError(str(error)) from None
        return self.place.query

    def clean(self):
        data = super().clean()
        has_pay = data.get("pay_min") is not None
        if data.get("afc_band") and has_pay:
            self.add_error("afc_band", "Give either an AfC band or pay_min/pay_max, not both.")
        if data.get("pay_max") is not None and has_pay and data["pay_max"] < data["pay_min"]:
            self.add_error("pay_max", "pay_max must be the same as or more than pay_min.")
        if data.get("apply_method") == Vacancy.ApplyMethod.EXTERNAL and not data.get("external_url"):
            self.add_error("external_url", "Enter the address where people apply.")
        return data


def import_vacancies(
    stream: TextIO,
    *,
    organisation: Organisation,
    progress: Progress | None = None,
    publish: bool = True,
    check_only: bool = False,
) -> ImportResult:
    """Check every row; if all are good, create every vacancy in one transaction, else create none.
    `check_only`: check and return the good rows (`checked`, for a preview) without saving anything."""
    result = ImportResult()
    reader = csv.DictReader(stream)
    header = [name.strip() for name in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        result.errors.append(
            RowError(1, ", ".join(missing), "Missing column. The header row must include it.")
        )
    unknown = [name for name in header if name not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if unknown:
        result.errors.append(RowError(1, ", ".join(unknown), "Unknown column. Check the spelling."))
    if result.errors:
        return result
    rows = list(reader)
    if not rows:
        result.errors.append(RowError(2, "(all)", "The file has no vacancies in it."))
        return result
    if len(rows) > MAX_ROWS:
        result.errors.append(
            RowError(MAX_ROWS + 2, "(all)", f"Import at most {MAX_ROWS:,} vacancies at a time.")
        )
        return result
    roles = {role.slug: role for role in Role.objects.all()}
    roles.update({slugify(role.name): role for role in roles.values()})
    checked: list[tuple[dict, object]] = []
    for number, row in enumerate(rows, start=2):
        form = VacancyRowForm({k: (v or "").strip() for k, v in row.items() if k}, roles=roles)
        if form.is_valid():
            checked.append((form.cleaned_data, form.place))
            result.checked.append((number, form.cleaned_data))
        else:
            for name, messages in form.errors.items():
                for message in messages:
                    result.errors.append(RowError(number, name, message))
        if progress:
            progress("checking", number - 1, len(rows))
    if result.errors or check_only:
        return result
    status = Vacancy.Status.LIVE if publish and organisation.verified else Vacancy.Status.PENDING
    with transaction.atomic():
        locations = {loc.postcode: loc for loc in organisation.locations.all()}
        for index, (data, place) in enumerate(checked, start=1):
            location = locations.get(data["location_postcode"])
            if location is None:
                location = Location.objects.create(
                    organisation=organisation,
                    name=data["location_name"] or data["location_postcode"],
                    postcode=data["location_postcode"],
                    latitude=place.latitude,
                    longitude=place.longitude,
                    local_authority=place.local_authority,
                )
                locations[location.postcode] = location
            vacancy = Vacancy.objects.create(
                organisation=organisation,
                title=data["title"],
                slug=unique_slug(data["title"], organisation.name),
                role=data["role"],
                setting=data["setting"],
                contract=data["contract"] or Vacancy.Contract.PERMANENT,
                pattern=data["pattern"] or Vacancy.Pattern.FULL_TIME,
                hours_per_week=data["hours_per_week"],
                pay_min=data["pay_min"],
                pay_max=data["pay_max"],
                pay_period=data["pay_period"] or Vacancy.PayPeriod.HOUR,
                afc_band=data["afc_band"],
                summary=data["summary"],
                description=data["description"],
                benefits=data["benefits"],
                new_to_care_welcome=data["new_to_care_welcome"],
                driving_required=data["driving_required"],
                own_vehicle_required=data["own_vehicle_required"],
                visa_sponsorship=data["visa_sponsorship"],
                apprenticeship=data["apprenticeship"],
                posts=data["posts"] or 1,
                closing_date=data["closing_date"],
                start_date=data["start_date"],
                apply_method=data["apply_method"] or Vacancy.ApplyMethod.ON_SITE,
                external_url=data["external_url"],
                dbs_level=data["dbs_level"] or Vacancy.DbsLevel.ENHANCED_BARRED,
                status=status,
                published_at=timezone.now() if status == Vacancy.Status.LIVE else None,
            )
            vacancy.locations.add(location)
            result.created.append(vacancy)
            if progress:
                progress("importing", index, len(checked))
        refresh_vacancies([v.pk for v in result.created])
    return result


# Import jobs: the upload is stored, then checked and (once confirmed) imported by a worker.

STALLED_AFTER = datetime.timedelta(minutes=2)  # no word from the worker this long: offer to try again
PROGRESS_EVERY = 50  # rows between progress updates


def start_import(*, organisation: Organisation, user, filename: str, content: str) -> VacancyImport:
    """Store an uploaded file as an import job and have a worker check it (after commit)."""
    upload = VacancyImport.objects.create(
        organisation=organisation,
        uploaded_by=user,
        filename=filename[:200],
        content=content,
        rows=max(0, len(content.splitlines()) - 1),
    )
    _enqueue(upload)
    return upload


def check_import(import_id: int) -> VacancyImport | None:
    """Task body: check every row, recording progress, then keep the problems or the preview.
    Idempotent: a job already confirmed (or gone) is left alone."""
    updated = VacancyImport.objects.filter(pk=import_id, confirmed_at=None, status__in=_CHECKABLE).update(
        status=VacancyImport.Status.CHECKING, rows_done=0, failure=""
    )
    if not updated:
        return None
    upload = VacancyImport.objects.select_related("organisation").get(pk=import_id)
    result = import_vacancies(
        io.StringIO(upload.content, newline=""),
        organisation=upload.organisation,
        check_only=True,
        progress=_progress_saver(upload),
    )
    upload.problems = [{"row": e.row, "field": e.field, "message": e.message} for e in result.errors]
    upload.preview = [] if result.errors else [_preview_row(number, data) for number, data in result.checked]
    upload.rows_done = upload.rows
    upload.status = VacancyImport.Status.CHECKED if result.ok else VacancyImport.Status.INVALID
    VacancyImport.objects.filter(pk=import_id, status=VacancyImport.Status.CHECKING).update(
        status=upload.status,
        problems=upload.problems,
        preview=upload.preview,
        rows=upload.rows,
        rows_done=upload.rows_done,
        updated_at=timezone.now(),
    )
    return upload


def confirm_import(upload: VacancyImport) -> bool:
    """The person confirmed the preview: have a worker import it. False if it is not ready (still
    being checked, has problems) or already confirmed, so a second confirm does nothing."""
    with transaction.atomic():
        locked = VacancyImport.objects.select_for_update().get(pk=upload.pk)
        if locked.status != VacancyImport.Status.CHECKED or locked.confirmed_at:
            return False
        locked.status, locked.confirmed_at, locked.rows_done = (
            VacancyImport.Status.IMPORTING,
            timezone.now(),
            0,
        )
        locked.save(update_fields=["status", "confirmed_at", "rows_done", "updated_at"])
        _enqueue(locked)
    return True


def run_import(import_id: int) -> VacancyImport | None:
    """Task body: create every vacancy of a confirmed job in one transaction, or none. The job row
    is locked throughout, so a redelivered task waits and then finds it done."""
    with transaction.atomic():
        upload = (
            VacancyImport.objects.select_for_update()
            .select_related("organisation")
            .filter(pk=import_id, status=VacancyImport.Status.IMPORTING, imported_at=None)
            .first()
        )
        if upload is None:
            return None
        result = import_vacancies(
            io.StringIO(upload.content, newline=""),
            organisation=upload.organisation,
            progress=_progress_saver(upload),
        )
        if result.ok:
            upload.status, upload.imported_at = VacancyImport.Status.IMPORTED, timezone.now()
            upload.imported_count = upload.rows_done = len(result.created)
        else:  # the data changed since the preview (a closing date passed, a role removed)
            upload.status, upload.confirmed_at = VacancyImport.Status.INVALID, None
            upload.problems = [{"row": e.row, "field": e.field, "message": e.message} for e in result.errors]
            upload.preview = []
        upload.save()
    cache.delete(_progress_key(upload.pk))
    return upload


def retry_import(upload: VacancyImport) -> bool:
    """Run the stopped (or stalled) step again. False if there is nothing to retry."""
    if not can_retry(upload):
        return False
    status = VacancyImport.Status.IMPORTING if upload.confirmed_at else VacancyImport.Status.QUEUED
    VacancyImport.objects.filter(pk=upload.pk).update(status=status, failure="", updated_at=timezone.now())
    upload.status = status
    _enqueue(upload)
    return True


def fail_import(import_id: int, error: BaseException) -> None:
    """The worker gave up (after its own retries): keep the file and say so; the person can retry."""
    VacancyImport.objects.filter(pk=import_id, status__in=_RUNNING).update(
        status=VacancyImport.Status.FAILED,
        failure=f"{error.__class__.__name__}: {error}"[:300],
        updated_at=timezone.now(),
    )


def can_retry(upload: VacancyImport) -> bool:
    if upload.status == VacancyImport.Status.FAILED:
        return True
    return upload.status in _RUNNING and upload.updated_at < timezone.now() - STALLED_AFTER


def import_progress(upload: VacancyImport) -> int:
    """Rows done so far. While importing, the count lives in the cache: the job's row is only
    written when the one transaction that creates every vacancy commits."""
    if upload.status == VacancyImport.Status.IMPORTING:
        return cache.get(_progress_key(upload.pk), upload.rows_done)
    return upload.rows_done


_RUNNING = [VacancyImport.Status.QUEUED, VacancyImport.Status.CHECKING, VacancyImport.Status.IMPORTING]
_CHECKABLE = [VacancyImport.Status.QUEUED, VacancyImport.Status.CHECKING, VacancyImport.Status.FAILED]


def _enqueue(upload: VacancyImport) -> None:
    from ats.jobs.tasks import check_uploaded_vacancies, import_uploaded_vacancies

    task = import_uploaded_vacancies if upload.confirmed_at else check_uploaded_vacancies
    enqueue_on_commit(task, upload.pk)


def _progress_key(import_id: int) -> str:
    return f"vacancy-import-progress:{import_id}"


def _progress_saver(upload: VacancyImport) -> Progress:
    def save(stage: str, done: int, total: int) -> None:
        if done % PROGRESS_EVERY and done != total:
            return
        if stage == "importing":  # inside the import's transaction: nobody else would see the row
            cache.set(_progress_key(upload.pk), done, 3600)
        else:
            VacancyImport.objects.filter(pk=upload.pk).update(
                rows_done=done, rows=total, updated_at=timezone.now()
            )
            upload.rows_done, upload.rows = done, total

    return save


def _preview_row(number: int, data: dict) -> dict:
    return {
        "row": number,
        "title": data["title"],
        "setting": Vacancy.Setting(data["setting"]).label,
        "postcode": data["location_postcode"],
        "closing_date": data["closing_date"].isoformat(),
        "pay": _pay_words(data),
    }


def _pay_words(data: dict) -> str:
    if data.get("afc_band"):
        return f"AfC band {data['afc_band']}"
    if data.get("pay_min") is None:
        return "Pay not stated"
    period = "an hour" if (data.get("pay_period") or "hour") == "hour" else "a year"
    low, high = data["pay_min"], data.get("pay_max") or data["pay_min"]
    return f"£{low:,.2f} {period}" if low == high else f"£{low:,.2f} to £{high:,.2f} {period}"
