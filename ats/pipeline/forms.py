"""Forms of the pipeline pages: filters, moves, notes, ratings, messages, interviews, offers, checks."""

from __future__ import annotations

from django import forms

from ats.organisations.models import Membership
from ats.pipeline.models import CheckItem, Interview, InterviewSlot, MessageTemplate, Note
from ats.pipeline.offers import certificate_date_problem
from ats.pipeline.outcome_models import RejectionReason
from ats.pipeline.outcomes import reasons_for
from ats.pipeline.status import ALLOWED_MOVES, Stage
from cms.form_fields import DateInput

MOVE_TARGETS = [(s.value, s.label) for s in Stage if s not in (Stage.OFFER, Stage.HIRED)]


class PipelineFilterForm(forms.Form):
    stage = forms.ChoiceField(choices=[("", "Any stage"), *Stage.choices], required=False)
    flags = forms.ChoiceField(
        label="Knock-out flags",
        choices=[("", "Any"), ("none", "No flags"), ("some", "One or more flags")],
        required=False,
    )
    max_distance = forms.FloatField(label="Within (miles)", min_value=0, required=False)
    min_rating = forms.FloatField(label="Average rating at least", min_value=1, max_value=5, required=False)


def _template_field(organisation_id: int) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=MessageTemplate.objects.filter(organisation_id=organisation_id),
        required=False,
        empty_label="Our standard wording",
        label="Email template",
    )


NO_REASON = "Choose why the application is not progressing, or say why in your own words."


class ReasonMixin:
    """A reason from the organisation's list, and words of the recruiter's own, needed for a move
    to "Not progressed"."""

    def add_reason_fields(self, organisation) -> None:
        reasons_for(organisation)  # the starting list, the first time
        self.fields["reason"] = forms.ModelChoiceField(
            queryset=RejectionReason.objects.filter(organisation=organisation, archived=False),
            required=False,
            label="Reason, if not progressing",
            empty_label="Choose a reason",
        )
        self.fields["reason_detail"] = forms.CharField(
            label="More about the reason",
            required=False,
            max_length=500,
            help_text="For your organisation only: the candidate is not shown this.",
        )

    def check_reason(self, data: dict) -> None:
        if data.get("to") == Stage.REJECTED and not data.get("reason") and not data.get("reason_detail"):
            self.add_error("reason", NO_REASON)


class MoveForm(ReasonMixin, forms.Form):
    to = forms.ChoiceField(label="Move to", choices=MOVE_TARGETS)
    expected_stage = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    notify = forms.BooleanField(label="Email the candidate", required=False)

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = ALLOWED_MOVES[application.stage]
        self.fields["to"].choices = [(value, label) for value, label in MOVE_TARGETS if value in allowed] or [
            ("", "No moves from this stage")
        ]
        self.fields["template"] = _template_field(application.vacancy.organisation_id)
        self.add_reason_fields(application.vacancy.organisation)
        self.initial.setdefault("expected_stage", application.stage)

    def clean(self):
        data = super().clean()
        self.check_reason(data)
        return data


class BulkMoveForm(ReasonMixin, forms.Form):
    to = forms.ChoiceField(label="Move selected to", choices=MOVE_TARGETS)
    notify = forms.BooleanField(label="Email the candidates", required=False)
    note = forms.CharField(required=False, max_length=500)

    def __init__(self, *args, vacancy, reasons: bool = False, **kwargs):
        """`reasons`: with the reason fields, which the confirmation step asks for when the move
        is to "Not progressed" (the list's form leaves them out)."""
        super().__init__(*args, **kwargs)
        self.fields["template"] = _template_field(vacancy.organisation_id)
        if reasons:
            self.add_reason_fields(vacancy.organisation)

    def reason_missing(self) -> bool:
        data = self.cleaned_data
        return data.get("to") == Stage.REJECTED and not data.get("reason") and not data.get("reason_detail")


class ReasonForm(forms.Form):
    label = forms.CharField(label="New reason", max_length=120)


class HoldBackForm(forms.Form):
    """Which of a closed job's waiting applicants to keep back from the notice."""

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held"] = forms.ModelMultipleChoiceField(
            queryset=applications,
            required=False,
            to_field_name="public_id",
            widget=forms.CheckboxSelectMultiple,
        )


class NoteForm(forms.ModelForm):
    class Meta:
        model = Note
        fields = ["body"]
        labels = {"body": "Add a private note"}
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}


class RatingForm(forms.Form):
    def __init__(self, *args, criteria, current: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                choices=[("", "Not rated"), *[(n, f"{n} of 5") for n in range(1, 6)]],
                coerce=int,
                empty_value=None,
                required=False,
                initial=current.get(criterion.pk),
            )
            self.fields[f"c{criterion.pk}"].criterion = criterion


class MessageForm(forms.Form):
    """Write a message, or pick one of the organisation's templates (which then fills the blanks)."""

    subject = forms.CharField(max_length=200, required=False)
    body = forms.CharField(
        label="Message",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="You can use {first_name}, {job_title} and {organisation}.",
    )

    def __init__(self, *args, organisation_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"] = _template_field(organisation_id)
        self.fields["template"].empty_label = "No template: I'll write it"
        self.order_fields(["template", "subject", "body"])

    def clean(self):
        data = super().clean()
        template = data.get("template")
        if template:
            data["subject"] = data.get("subject") or template.subject
            data["body"] = data.get("body") or template.body
        if not data.get("subject") or not data.get("body"):
            raise forms.ValidationError("Write a subject and a message, or choose a template.")
        return data


class MessageTemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ["name", "subject", "body"]
        help_texts = {"body": "You can use {first_name}, {job_title} and {organisation}."}
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}


class CriterionForm(forms.Form):
    name = forms.CharField(label="New criterion", max_length=100)


class SlotForm(forms.ModelForm):
    class Meta:
        model = InterviewSlot
        fields = ["starts_at", "duration_minutes", "place", "capacity"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        }
        labels = {
            "starts_at": "Starts at",
            "duration_minutes": "Length (minutes)",
            "capacity": "Candidates per slot",
        }


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(Interview.Status.ATTENDED, "Attended"), (Interview.Status.NO_SHOW, "Did not attend")],
        widget=forms.RadioSelect,
    )


class OfferForm(forms.Form):
    expected_stage = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    start_date = forms.DateField(required=False, widget=DateInput)
    conditions = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    checks_due = forms.DateField(label="Checks due by", required=False, widget=DateInput)
    dbs_level = forms.ChoiceField(
        label="DBS level", choices=CheckItem.DbsLevel.choices, initial="enhanced_barred"
    )


class StageConfirmForm(forms.Form):
    expected_stage = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)


class WithdrawOfferForm(StageConfirmForm):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))


class CheckForm(forms.ModelForm):
    class Meta:
        model = CheckItem
        fields = [
            "status",
            "turn",
            "next_step",
            "due_date",
            "dbs_level",
            "certificate_number",
            "certificate_date",
        ]
        widgets = {
            "due_date": DateInput,
            "certificate_date": DateInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["turn"].required = False
        if self.instance.kind != CheckItem.Kind.DBS:
            for name in ("dbs_level", "certificate_number", "certificate_date"):
                del self.fields[name]

    def clean_turn(self):
        """A form without the turn (an older page) leaves it as it was."""
        return self.cleaned_data.get("turn") or self.instance.turn

    def clean_certificate_date(self):
        value = self.cleaned_data["certificate_date"]
        problem = certificate_date_problem(value)
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean(self):
        data = super().clean()
        if (
            self.instance.kind == CheckItem.Kind.DBS
            and data.get("status") == CheckItem.Status.SATISFACTORY
            and "certificate_date" not in self.errors
            and not (data.get("certificate_number") and data.get("certificate_date"))
        ):
            raise forms.ValidationError(
                "Record the DBS certificate number and date before marking it satisfactory."
            )
        return data


class InviteForm(forms.Form):
    email = forms.EmailField()
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.RECRUITER)


class DisclosureForm(forms.Form):
    has_unspent_convictions = forms.TypedChoiceField(
        label="Do you have any unspent convictions, cautions, reprimands or final warnings that are not "
        "protected (filtered)?",
        choices=[("no", "No"), ("yes", "Yes")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label="If yes, give details",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only the people deciding on your offer see this.",
    )

    def clean(self):
        data = super().clean()
        if data.get("has_unspent_convictions") and not data.get("details", "").strip():
            self.add_error("details", "Give details of your unspent convictions or cautions.")
        return data


class BookSlotForm(forms.Form):
    slot = forms.ModelChoiceField(
        queryset=InterviewSlot.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Choose a time",
        to_field_name="public_id",
    )

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots
        self.fields["slot"].label_from_instance = lambda slot: (
            f"{slot.starts_at:%A %-d %B %Y, %H:%M} ({slot.duration_minutes} minutes), {slot.place}"
        )
