"""What recruiters add to an application: notes, ratings, interviews, offers, checks; who joined an
organisation by invitation; and the audit log of who looked at a candidate's personal data."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from ats.applications.models import Application
from ats.jobs.models import Vacancy
from ats.organisations.models import Membership, Organisation


class Invitation(models.Model):
    """An organisation admin asking a colleague to join. Accepted through a signed link."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Membership.Role.choices, default=Membership.Role.RECRUITER)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} to {self.organisation}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None


class MessageTemplate(models.Model):
    """An organisation's own wording for emails to candidates. Placeholders: {first_name},
    {job_title}, {organisation}."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="message_templates")
    name = models.CharField(max_length=100)
    subject = models.CharField(max_length=200)
    body = models.TextField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Note(models.Model):
    """A private note on an application, seen only by the organisation."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Note on {self.application_id}"


class RatingCriterion(models.Model):
    """What a vacancy's applications are rated against, e.g. 'Values and attitude'."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="rating_criteria")
    name = models.CharField(max_length=100)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name_plural = "rating criteria"

    def __str__(self) -> str:
        return self.name


class Rating(models.Model):
    SCORES = [(n, str(n)) for n in range(1, 6)]

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.ForeignKey(RatingCriterion, on_delete=models.CASCADE, related_name="ratings")
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(choices=SCORES)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "criterion", "rater"], name="one_rating_per_rater")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class InterviewSlot(models.Model):
    """A time a recruiter offers for interviews on a vacancy; `capacity` candidates can book it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="interview_slots")
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=45)
    place = models.CharField(max_length=300, help_text="Address, or how to join a video call")
    capacity = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.starts_at:%d %b %Y %H:%M} ({self.place})"


class Interview(models.Model):
    """A candidate's invitation to interview and the slot they booked."""

    class Status(models.TextChoices):
        INVITED = "invited", "Invited, not booked yet"
        BOOKED = "booked", "Booked"
        ATTENDED = "attended", "Attended"
        NO_SHOW = "no_show", "Did not attend"
        CANCELLED = "cancelled", "Cancelled"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="interviews")
    slot = models.ForeignKey(
        InterviewSlot, null=True, blank=True, on_delete=models.SET_NULL, related_name="interviews"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INVITED)
    sequence = models.PositiveSmallIntegerField(
        default=0, help_text="iCalendar SEQUENCE, bumped on rebooking"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    booked_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-invited_at"]

    def __str__(self) -> str:
        return f"Interview {self.public_id}"


class Offer(models.Model):
    """A conditional offer. Criminal-record self-disclosure is asked here and nowhere earlier."""

    class Status(models.TextChoices):
        MADE = "made", "Conditional offer made"
        WITHDRAWN = "withdrawn", "Withdrawn"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="offer")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)
    start_date = models.DateField(null=True, blank=True)
    conditions = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MADE)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)
    has_unspent_convictions = models.BooleanField(null=True, blank=True)
    disclosure_details = models.TextField(blank=True)
    disclosed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Offer {self.public_id}"


class CheckItem(models.Model):
    """One pre-employment check. DBS results are a certificate number, date and outcome only."""

    class Kind(models.TextChoices):
        RIGHT_TO_WORK = "right_to_work", "Right to work"
        DBS = "dbs", "DBS check"
        REFERENCE_1 = "reference_1", "First reference"
        REFERENCE_2 = "reference_2", "Second reference"
        HEALTH = "health", "Health declaration"
        CARE_CERTIFICATE = "care_certificate", "Care Certificate"

    class Status(models.TextChoices):
        OUTSTANDING = "outstanding", "Outstanding"
        SATISFACTORY = "satisfactory", "Satisfactory"
        UNSATISFACTORY = "unsatisfactory", "Not satisfactory"
        NOT_NEEDED = "not_needed", "Not needed"

    class Turn(models.TextChoices):
        CANDIDATE = "candidate", "Candidate"
        REFEREE = "referee", "Referee"
        EMPLOYER = "employer", "Employer"
        THIRD_PARTY = "third_party", "Third party (DBS, GP, training provider)"

    class DbsLevel(models.TextChoices):
        BASIC = "basic", "Basic"
        STANDARD = "standard", "Standard"
        ENHANCED = "enhanced", "Enhanced"
        ENHANCED_BARRED = "enhanced_barred", "Enhanced with adults' barred list"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.OUTSTANDING)
    due_date = models.DateField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    dbs_level = models.CharField("DBS level", max_length=20, choices=DbsLevel.choices, blank=True)
    certificate_number = models.CharField(max_length=20, blank=True)
    certificate_date = models.DateField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Whose turn it is, since when, and what they are to do next (ats.pipeline.turns).
    turn = models.CharField("whose turn", max_length=12, choices=Turn.choices, default=Turn.CANDIDATE)
    turn_since = models.DateTimeField(null=True, blank=True, db_index=True)
    next_step = models.CharField("what happens next", max_length=200, blank=True)

    class Meta:
        ordering = ["application", "pk"]
        constraints = [models.UniqueConstraint(fields=["application", "kind"], name="one_check_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_status_display()}"

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.SATISFACTORY, self.Status.NOT_NEEDED)


class CheckEvent(models.Model):
    """One change to a pre-employment check: what changed (field label, old and new value, in the
    words the page showed then), who changed it and when. Append-only, like ApplicationEvent."""

    check_item = models.ForeignKey(CheckItem, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changes = models.JSONField(default=list, help_text="[label, before, after] for each field changed")
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.check_item}: changed at {self.at:%Y-%m-%d %H:%M}"


class AppendOnlyError(Exception):
    """Raised on an attempt to change or delete an audit row."""


# Audit rows older than this may be deleted (ats.privacy.retention); younger ones never. The
# PostgreSQL trigger of migration 0023 holds the same figure.
ACCESS_LOG_RETENTION_YEARS = 6


class PersonalDataAccessQuerySet(models.QuerySet):
    """Audit rows are written once: updating or deleting them through the ORM raises."""

    def update(self, **kwargs):
        raise AppendOnlyError("The personal data access log is append-only.")

    def delete(self):
        raise AppendOnlyError("The personal data access log is append-only.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("The personal data access log is append-only.")


class PersonalDataAccess(models.Model):
    """Audit log: who viewed, downloaded or exported a candidate's personal data. Append-only (in
    Python here, and in the database on PostgreSQL: migration 0023's trigger).

    It outlives what it refers to: the organisation, the member and the application are kept as
    ids without a database constraint (on_delete=DO_NOTHING), with the organisation's name as it
    was. It holds no personal free text: ids, the action, a non-identifying label (`detail`, e.g.
    a vacancy title), the time and the request id."""

    class Action(models.TextChoices):
        VIEWED = "viewed", "Viewed application"
        LISTED = "listed", "Viewed a pipeline list or board"
        CV_DOWNLOADED = "cv_downloaded", "Downloaded CV"
        EXPORTED = "exported", "Exported pipeline (CSV)"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="data_access_log",
    )
    organisation_name = models.CharField(max_length=200, blank=True, help_text="As it was at the time")
    application = models.ForeignKey(
        Application,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="access_log",
    )
    action = models.CharField(max_length=15, choices=Action.choices)
    detail = models.CharField(max_length=255, blank=True)
    request_id = models.CharField(max_length=64, blank=True, help_text="The request that did it")
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = PersonalDataAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "personal data access log"
        base_manager_name = "objects"

    def __str__(self) -> str:
        return f"{self.actor_id} {self.action} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None and type(self).objects.filter(pk=self.pk).exists():
            raise AppendOnlyError("The personal data access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The personal data access log is append-only.")
