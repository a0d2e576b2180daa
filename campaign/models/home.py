"""The home page and campaign landing pages, both built from campaign blocks."""

from __future__ import annotations

from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from campaign.blocks import CampaignStreamBlock
from cms.validators import validate_link

from .base import BasePage


class HeroFieldsMixin(models.Model):
    hero_heading = models.CharField(max_length=120, default="Care is a job that matters")
    hero_text = models.CharField(max_length=300, blank=True)
    hero_image = models.ForeignKey(
        "cms.CustomImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_cta_text = models.CharField("button text", max_length=60, blank=True, default="Find a care job")
    hero_cta_url = models.CharField(
        "button link", max_length=300, blank=True, default="/jobs/", validators=[validate_link]
    )

    hero_panels = [
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_cta_text"),
                FieldPanel("hero_cta_url"),
            ],
            heading="Hero",
        )
    ]

    class Meta:
        abstract = True

    @property
    def listing_image(self):
        return self.hero_image

    def preload_listings(self) -> list:
        """The stories blocks' stories, fetched before the page renders (their photos' renditions
        come in the page's one rendition query)."""
        body = getattr(self, "body", None)
        if body is None:
            return []
        photos = []
        for child in body.blocks_by_name("stories"):
            photos += child.block.preload(child.value)
        return photos

    @property
    def shows_vacancies(self) -> bool:
        """A featured-jobs block in the body lists live jobs (see BasePage.shows_vacancies)."""
        body = getattr(self, "body", None)
        return bool(body) and any(block["type"] == "featured_jobs" for block in body.raw_data)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        body = getattr(self, "body", None)
        context["starts_with_hero"] = bool(body) and body[0].block_type == "hero"
        return context


class HomePage(HeroFieldsMixin, BasePage):  # noqa: DJ008 - Page has __str__
    body = StreamField(CampaignStreamBlock(), blank=True)

    content_panels = [*BasePage.content_panels, *HeroFieldsMixin.hero_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("hero_text"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "campaign.CampaignLandingPage",
        "campaign.RoleIndexPage",
        "campaign.StoryIndexPage",
        "campaign.EventIndexPage",
        "campaign.AreaIndexPage",
        "campaign.AcademyIndexPage",
        "campaign.FAQPage",
        "campaign.NewsIndexPage",
        "campaign.ContactPage",
        "campaign.QuizPage",
        "campaign.ContentPage",
        "ats.JobSearchPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def structured_data(self, request) -> list[dict]:
        from cms.chrome import cached_settings

        settings = cached_settings(request)["cms"]["SiteSettings"]
        root = self.full_url or "/"
        organisation = {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": settings.brand_name,
            "url": root,
            "description": settings.tagline,
        }
        if settings.contact_email:
            organisation["email"] = settings.contact_email
        if settings.contact_phone:
            organisation["telephone"] = settings.contact_phone
        return [organisation]


class CampaignLandingPage(HeroFieldsMixin, BasePage):  # noqa: DJ008 - Page has __str__
    """A campaign's own page (home care, new to care, NHS jobs...), usually behind a short URL."""

    body = StreamField(CampaignStreamBlock(), blank=True)

    content_panels = [*BasePage.content_panels, *HeroFieldsMixin.hero_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("hero_text"), index.SearchField("body")]

    parent_page_types = ["campaign.HomePage", "campaign.CampaignLandingPage"]
    subpage_types = ["campaign.CampaignLandingPage", "campaign.ContentPage"]

    class Meta:
        verbose_name = "campaign landing page"
