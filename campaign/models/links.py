"""Campaign links: a short, readable address (/go/<slug>/) for a poster, a bus side, a radio read or
a social post, that sends the visitor to a page or a preset job search with the campaign's UTM
parameters. The site's attribution (cms.attribution) then stores those parameters with whatever the
visitor sends, so enquiries, applications and hires are counted per link (utm_content = the slug)."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel


class CampaignLink(models.Model):
    class Channel(models.TextChoices):
        BUS = "bus", "Bus or bus stop"
        RADIO = "radio", "Radio"
        JOB_FAIR = "job-fair", "Job fair or event"
        POSTER = "poster", "Poster or leaflet"
        SOCIAL = "social", "Social media"
        PRESS = "press", "Newspaper or magazine"
        EMAIL = "email", "Email or newsletter"
        OTHER = "other", "Other"

    campaign = models.CharField(max_length=80, help_text="For example: Home care spring 2027")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    slug = models.SlugField(
        max_length=40,
        unique=True,
        blank=True,
        help_text="The end of the short link, /go/<this>/. Leave empty to make it from the campaign and channel.",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where the link goes.",
    )
    path = models.CharField(
        max_length=300,
        blank=True,
        help_text="Or an address on this site instead of a page, such as a job search: /jobs/?role=care-worker",
    )
    visits = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        MultiFieldPanel([FieldPanel("campaign"), FieldPanel("channel")], heading="Campaign"),
        MultiFieldPanel([FieldPanel("page"), FieldPanel("path")], heading="Where it goes"),
        FieldRowPanel([FieldPanel("slug")]),
    ]

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.campaign} ({self.get_channel_display()}): /go/{self.slug}/"

    def clean(self):
        if bool(self.page_id) == bool(self.path):
            raise ValidationError("Choose a page or type an address on this site (one of the two).")
        if self.path:
            parts = urlsplit(self.path)
            if parts.scheme or parts.netloc or not self.path.startswith("/"):
                raise ValidationError({"path": "Type an address on this site starting with /, like /jobs/."})
        if not self.slug:
            self.slug = self.unique_slug()

    def unique_slug(self) -> str:
        base = slugify(f"{self.campaign}-{self.channel}")[:36].strip("-") or "link"
        slug, n = base, 2
        while CampaignLink.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    @property
    def short_path(self) -> str:
        return reverse("campaign-link", args=[self.slug])

    @property
    def short_url(self) -> str:
        return settings.SITE_URL.rstrip("/") + self.short_path

    def utm(self) -> dict[str, str]:
        return {
            "utm_source": self.channel,
            "utm_medium": "campaign-link",
            "utm_campaign": slugify(self.campaign),
            "utm_content": self.slug,
        }

    def destination(self) -> str:
        """The page or address with the link's UTM parameters added to any it already has."""
        target = (self.page.url if self.page else self.path) or "/"
        parts = urlsplit(target)
        query = "&".join(part for part in (parts.query, urlencode(self.utm())) if part)
        return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
