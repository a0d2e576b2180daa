"""Shared plumbing: the user model, the image model and site-wide settings."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """Everyone who signs in: jobseekers, recruiters, coordinators, admins. Email is the login."""

    username = None
    email = models.EmailField("email address", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class CustomImage(AbstractImage):
    """Wagtail image with a required alt text, unless the editor marks it decorative."""

    # Not `decorative`: Wagtail's image class sets that attribute to False whenever an image is made
    # (it is ImageBlock's per-use flag), so a field of that name was never read back as ticked.
    is_decorative = models.BooleanField(
        "decorative",
        default=False,
        help_text="Tick if the image adds nothing a screen reader user needs; it will get empty alt text.",
    )
    credit = models.CharField(max_length=255, blank=True)

    admin_form_fields = (*Image.admin_form_fields, "is_decorative", "credit")

    def clean(self) -> None:
        super().clean()
        if not self.is_decorative and not (self.description or "").strip():
            raise ValidationError(
                {"description": "Enter alt text describing the image, or tick 'decorative'."}
            )

    @property
    def default_alt_text(self) -> str:
        """What renditions (`{% image %}`, `{% picture %}`) use for alt: empty for a decorative image."""
        return "" if self.is_decorative else (self.description or self.title)

    @property
    def alt(self) -> str:
        """Alt text for templates: empty when the image, or the block using it, is decorative."""
        if self.decorative:  # (ImageBlock's per-use choice)
            return ""
        return self.contextual_alt_text or self.default_alt_text


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What visitors see as the brand, and site-wide contact details. Edited in Settings > Site."""

    brand_name = models.CharField(max_length=80, default="Care Careers North East")
    tagline = models.CharField(max_length=160, blank=True, default="Find a job in adult social care")
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    privacy_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    default_share_image = models.ForeignKey(
        "cms.CustomImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [
        MultiFieldPanel([FieldPanel("brand_name"), FieldPanel("tagline")], heading="Brand"),
        MultiFieldPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")], heading="Contact"),
        FieldPanel("privacy_page"),
        FieldPanel("default_share_image"),
    ]

    class Meta:
        verbose_name = "site settings"


class OutboxEmail(models.Model):
    """An email waiting to be sent (or sent). See cms/email.py."""

    to = models.JSONField()
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    attachments = models.JSONField(default=list, blank=True)
    reply_to = models.CharField(max_length=254, blank=True)
    template = models.CharField(max_length=100, blank=True)
    # Shared parts spliced into the bodies when sent (`cms.email.with_parts`): {"ids": [OutboxPart
    # ids, in order], "text_at": n, "html_at": n}, or empty for an email stored whole.
    parts = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Idempotent delivery (cms.email.send_outbox): the Message-ID the email is sent with, and when a
    # worker, already connected to the mail server, started handing it over (committed before the
    # handover, so a worker killed after the server accepted it can't send it again).
    message_id = models.CharField(max_length=255, blank=True)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "outbox email"

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"


class OutboxPart(models.Model):
    """A rendered piece that many outbox emails share (a job in a run's alert digests), stored once
    and never changed, so each email stays fixed at queue time. Deleted only when no remaining
    email can refer to it (cms.email.purge_outbox)."""

    text = models.TextField()
    html = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.text[:60]


from cms.chrome import CampaignBanner, NavigationSettings  # noqa: E402

__all__ = ["CampaignBanner", "CustomImage", "CustomRendition", "NavigationSettings", "SiteSettings", "User"]
