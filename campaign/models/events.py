"""Events (job fairs, open days, academy information sessions) and their registrations."""

from __future__ import annotations

from django.db import models
from django.shortcuts import redirect
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from campaign.queries import EVENT_CARD_FIELDS, ChildListing
from cms.blocks import BaseStreamBlock

from .base import BasePage


class EventIndexPage(BasePage):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["campaign.HomePage"]
    subpage_types = ["campaign.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = "event index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        context["upcoming"] = EVENTS.list(self, "upcoming", now=now)
        context["past"] = EVENTS.list(self, "past", now=now)
        return context


def _events(qs, when: str, *, now):
    qs = qs.select_related("local_authority").only(*EVENT_CARD_FIELDS)  # what an event card shows
    if when == "upcoming":
        return qs.filter(start__gte=now).order_by("start")
    return qs.filter(start__lt=now).order_by("-start")[:6]


EVENTS = ChildListing("campaign.EventPage", _events)


class EventPage(RoutablePageMixin, BasePage):
    class Kind(models.TextChoices):
        JOB_FAIR = "job_fair", "Job fair"
        OPEN_DAY = "open_day", "Open day"
        INFO_SESSION = "info_session", "Academy information session"
        ONLINE = "online", "Online session"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.JOB_FAIR)
    summary = models.CharField(max_length=300)
    image = models.ForeignKey(
        "cms.CustomImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    venue_name = models.CharField(max_length=200, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    online_url = models.URLField("online link", blank=True, help_text="Sent to people who register.")
    local_authority = models.ForeignKey(
        "ats.LocalAuthority",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="area",
    )
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Leave empty for no limit.")
    body = StreamField(BaseStreamBlock(), blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")], heading="When"),
        MultiFieldPanel(
            [
                FieldPanel("venue_name"),
                FieldPanel("address"),
                FieldPanel("postcode"),
                FieldPanel("online_url"),
                FieldPanel("local_authority"),
            ],
            heading="Where",
        ),
        FieldPanel("capacity"),
        FieldPanel("body"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("summary"), index.SearchField("venue_name")]
    parent_page_types = ["campaign.EventIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "event page"

    @property
    def listing_image(self):
        return self.image

    @property
    def is_past(self) -> bool:
        return self.start < timezone.now()

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and not self.venue_name

    def places_taken(self) -> int:
        return self.registrations.count()

    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.places_taken(), 0)

    def is_full(self) -> bool:
        return self.capacity is not None and self.places_left() == 0

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["places_left"] = self.places_left()
        context["is_full"] = context["places_left"] == 0
        context["is_past"] = self.is_past
        if context["is_past"] or context["is_full"]:
            context["other_events_url"] = self.get_parent().url
        return context

    def structured_data(self, request) -> list[dict]:
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title,
            "description": self.summary,
            "startDate": self.start.isoformat(),
            "endDate": self.end.isoformat(),
            "eventStatus": "https://schema.org/EventScheduled",
            "url": self.get_full_url(request),
            "isAccessibleForFree": True,
        }
        if self.is_online:
            data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
            data["location"] = {"@type": "VirtualLocation", "url": self.get_full_url(request)}
        else:
            data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
            data["location"] = {
                "@type": "Place",
                "name": self.venue_name,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": self.address,
                    "postalCode": self.postcode,
                    "addressRegion": self.local_authority.name
                    if self.local_authority
                    else "North East England",
                    "addressCountry": "GB",
                },
            }
        return [*super().structured_data(request), data]

    @path("")
    def event(self, request):
        return self.render(request)

    @path("register/")
    def register(self, request):
        from campaign.views import event_registration

        return event_registration(request, self)

    @path("register/done/")
    def registered(self, request):
        if not request.session.get(f"registered-{self.pk}"):
            return redirect(self.url)
        return self.render(request, template="campaign/event_registered.html")

    def get_sitemap_urls(self, request=None):
        if self.is_past:
            return []
        return super().get_sitemap_urls(request)


class EventRegistration(models.Model):
    """Someone registered for an event, with the campaign that brought them (attribution)."""

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(max_length=120)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    access_needs = models.TextField(
        blank=True, help_text="Support or access the person asked for to come to the event"
    )
    attribution = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["event", "email"], name="one_registration_per_email")]

    def __str__(self) -> str:
        return f"{self.name} – {self.event.title}"
