"""Care academy courses (cohorts and enrolments) and referrals between organisations."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .applications import Enquiry
from .organisations import Organisation
from .vacancies import Vacancy


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
