"""Routing: ordered rules, the decisions they make, and the log of what happened to each decision."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from ats.applications.models import Application, Enquiry
from ats.jobs.models import Vacancy
from ats.organisations.models import Organisation
from ats.places.models import LocalAuthority


class RoutingRule(models.Model):
    """One line of the routing table. Rules are tried in `order`; the first whose conditions fit
    and whose action finds a destination with room wins. Blank conditions match everyone."""

    class Area(models.TextChoices):
        ANY = "any", "Anywhere"
        IN_REGION = "in_region", "Lives in one of the 12 North East councils"
        OUTSIDE_REGION = "outside_region", "Lives outside the North East"
        # Distance decides only where the council is really unknown (ADR 0006): a full postcode
        # names its council even in a district split between councils.
        BORDER = (
            "border",
            "Council not known: only the postcode district is known, and it is split between councils",
        )

    class Action(models.TextChoices):
        HOME_ACADEMY = "home_academy", "The care academy of their home council"
        ORGANISATION = "organisation", "A named organisation"
        NEAREST_PROVIDERS = "nearest_providers", "The nearest providers with matching live vacancies"
        NHS_TRUST = "nhs_trust", "An NHS trust with live Agenda for Change posts"
        NEAREST_ACADEMY = "nearest_academy", "The nearest care academy with room"

    class Age(models.TextChoices):
        ANY = "", "Any age"
        ADULT = "18_plus", "Must be 18 or over"
        UNDER_18 = "under_18", "Under 18 only"

    class Nhs(models.TextChoices):
        ANY = "", "Either"
        YES = "yes", "Interested in the NHS"
        NO = "no", "Not interested in the NHS"

    EXPERIENCE_CHOICES = [
        ("none", "New to care"),
        ("some", "Less than a year"),
        ("experienced", "A year or more"),
    ]

    name = models.CharField(max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(default=100, help_text="Lower numbers are tried first.")
    active = models.BooleanField(default=True)
    # Conditions
    councils = models.ManyToManyField(
        LocalAuthority,
        blank=True,
        related_name="routing_rules",
        help_text="Home councils this rule applies to. Leave empty for any council.",
    )
    area = models.CharField(max_length=20, choices=Area.choices, default=Area.ANY)
    interests = models.JSONField(
        default=list,
        blank=True,
        help_text="Role slugs or care settings (e.g. home-care-worker, residential). Empty: any.",
    )
    experience = models.JSONField(
        default=list, blank=True, help_text='Any of "none", "some", "experienced". Empty: any.'
    )
    min_hours = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Only people who want at least this many hours a week."
    )
    requires_driving = models.BooleanField(default=False, help_text="Only people who drive.")
    nhs_interest = models.CharField(max_length=3, choices=Nhs.choices, blank=True, default=Nhs.ANY)
    age = models.CharField(
        max_length=8,
        choices=Age.choices,
        blank=True,
        default=Age.ANY,
        help_text="Most care jobs need people to be 18 or over. Someone who has not said they are 18 "
        "or over never meets 'Must be 18 or over'; 'Under 18 only' takes only people who said they are under 18.",
    )
    max_distance_miles = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Destinations no further than this from the person's postcode."
    )
    within_travel_distance = models.BooleanField(
        default=False, help_text="Destinations within the distance the person said they would travel."
    )
    # Action
    action = models.CharField(max_length=20, choices=Action.choices)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="For 'a named organisation' only.",
    )
    nearest_n = models.PositiveSmallIntegerField(
        default=3, help_text="How many of the nearest destinations share the work fairly."
    )
    capacity_per_week = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Most people each destination takes per week (Monday to Sunday) unless the "
        "organisation has its own routing capacity. Empty: no limit.",
    )
    explanation = models.CharField(
        max_length=255, blank=True, help_text="Plain words shown to the receiving organisation."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.action == self.Action.ORGANISATION and not self.organisation_id:
            raise ValidationError({"organisation": "Choose the organisation this rule sends people to."})
        bad = set(self.experience or []) - {value for value, _ in self.EXPERIENCE_CHOICES}
        if bad:
            raise ValidationError({"experience": f"Unknown experience: {', '.join(sorted(bad))}"})


class RoutingCapacity(models.Model):
    """How many routed people an organisation takes per week. Overrides the rule's capacity."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="routing_capacity"
    )
    per_week = models.PositiveIntegerField()

    class Meta:
        verbose_name = "routing capacity"
        verbose_name_plural = "routing capacities"

    def __str__(self) -> str:
        return f"{self.organisation}: {self.per_week} a week"


class RoutingDecision(models.Model):
    """Where one enquiry (or new-to-care applicant) was sent, by which rule, and why.

    A re-route makes a new decision with the next attempt number and points the old one at it
    (`superseded_by`); the old row stays as the log."""

    wagtail_reference_index_ignore = True  # an audit row, never referenced by content

    enquiry = models.ForeignKey(
        Enquiry, null=True, blank=True, on_delete=models.CASCADE, related_name="routing_decisions"
    )
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.CASCADE, related_name="routing_decisions"
    )
    rule = models.ForeignKey(
        RoutingRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    rule_name = models.CharField(max_length=120, help_text="The rule's name when it was applied")
    destination = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="routed_decisions")
    reason = models.TextField()
    distance_miles = models.FloatField(null=True, blank=True)
    attempt = models.PositiveSmallIntegerField(default=1)
    decided_at = models.DateTimeField(default=timezone.now, db_index=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supersedes"
    )
    escalated_at = models.DateTimeField(
        null=True, blank=True, help_text="No further destination: a regional admin must act."
    )

    class Meta:
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(enquiry__isnull=False, application__isnull=True)
                    | models.Q(enquiry__isnull=True, application__isnull=False)
                ),
                name="routing_decision_for_enquiry_or_application",
            )
        ]
        indexes = [models.Index(fields=["destination", "decided_at"])]

    def __str__(self) -> str:
        return f"{self.subject_label} → {self.destination} ({self.rule_name})"

    @property
    def subject_label(self) -> str:
        if self.enquiry_id:
            return f"Enquiry {self.enquiry_id}"
        return f"Application {self.application_id}"

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None

    @property
    def status(self) -> str:
        if self.superseded_at:
            return "Passed to the next organisation"
        if self.acknowledged_at:
            return "Acknowledged"
        if self.escalated_at:
            return "Waiting: no other organisation could take it"
        if self.reminder_sent_at:
            return "Reminder sent"
        return "Waiting for acknowledgement"


class RoutingEvent(models.Model):
    """Append-only log of what happened to a decision: routed, reminded, acknowledged, re-routed."""

    wagtail_reference_index_ignore = True  # an audit row, never referenced by content

    class Kind(models.TextChoices):
        ROUTED = "routed", "Routed"
        REMINDED = "reminded", "Reminder sent"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        REROUTED = "rerouted", "Re-routed to the next organisation"
        ESCALATED = "escalated", "No other organisation could take it"

    decision = models.ForeignKey(RoutingDecision, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"


class BankHoliday(models.Model):
    """A bank holiday in England and Wales: not a working day for the routing service level.

    Loaded by `manage.py load_bank_holidays` from ats/data (no network at run time) and editable
    in the Wagtail admin under Routing."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.name}, {self.date:%-d %B %Y}"


# Care academy courses (cohorts and enrolments) and referrals between organisations.
class Cohort(models.Model):
    """One run of an academy course, with dates, venue and places."""

    academy = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="cohorts",
        limit_choices_to={"kind": Organisation.Kind.ACADEMY},
    )
    course = models.CharField(max_length=150, default="Care Certificate pre-employment programme")
    starts_on = models.DateField()
    ends_on = models.DateField()
    venue = models.CharField(max_length=200)
    capacity = models.PositiveSmallIntegerField(default=12)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="cohort_dates"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course}, {self.starts_on:%-d %b %Y} ({self.academy})"

    @property
    def places_taken(self) -> int:
        if hasattr(self, "taken"):  # annotated by the listing query
            return self.taken
        return self.enrolments.exclude(status=Enrolment.Status.WITHDRAWN).count()

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.places_taken, 0)


class Enrolment(models.Model):
    """A person on a cohort: an account holder, or an enquirer who has not made an account."""

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        BOOKED = "booked", "Booked"
        ATTENDED = "attended", "Attended"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="enrolments")
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="enrolments"
    )
    enquiry = models.ForeignKey(
        Enquiry, null=True, blank=True, on_delete=models.CASCADE, related_name="enrolments"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INVITED)
    invited_at = models.DateTimeField(null=True, blank=True)
    booked_at = models.DateTimeField(null=True, blank=True)
    attended_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["cohort", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(candidate__isnull=False) | models.Q(enquiry__isnull=False),
                name="enrolment_has_a_person",
            ),
            models.UniqueConstraint(
                fields=["cohort", "enquiry"],
                condition=models.Q(enquiry__isnull=False),
                name="one_enrolment_per_enquiry",
            ),
            models.UniqueConstraint(
                fields=["cohort", "candidate"],
                condition=models.Q(candidate__isnull=False),
                name="one_enrolment_per_candidate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} on {self.cohort}"

    @property
    def person_name(self) -> str:
        if self.enquiry_id:
            return self.enquiry.name
        return self.candidate.get_full_name() or self.candidate.email


class Referral(models.Model):
    """An organisation passing a person to another, with the person's recorded consent.

    The receiving organisation sees `shared` only: a copy of the fields the sender chose to pass on."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a reply"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    SHAREABLE_FIELDS = [
        ("name", "Name"),
        ("email", "Email"),
        ("phone", "Phone"),
        ("postcode", "Postcode"),
        ("experience", "Experience"),
        ("interests", "Interests"),
        ("availability", "Availability"),
        ("hours_wanted", "Hours wanted"),
        ("driving", "Drives"),
        ("care_certificate", "Care Certificate"),
    ]

    from_org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="referrals_made")
    to_org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="referrals_received")
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="referrals"
    )
    enquiry = models.ForeignKey(
        Enquiry, null=True, blank=True, on_delete=models.CASCADE, related_name="referrals"
    )
    vacancy = models.ForeignKey(
        Vacancy, null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    consent_at = models.DateTimeField(help_text="When the person agreed to be referred")
    shared = models.JSONField(default=dict, help_text="The fields passed on, as they were when referred")
    note = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(candidate__isnull=False) | models.Q(enquiry__isnull=False),
                name="referral_has_a_person",
            )
        ]

    def __str__(self) -> str:
        return f"Referral from {self.from_org} to {self.to_org}"

    @property
    def shared_items(self) -> list[tuple[str, object]]:
        labels = dict(self.SHAREABLE_FIELDS)
        return [(labels.get(key, key), value) for key, value in self.shared.items()]
