"""Role profiles: what a job in care is like, what it pays (from live vacancies) and who is hiring."""

from __future__ import annotations

from django.db import models

from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from campaign.queries import ChildListing, featured_vacancies, job_search_url, pay_range_for_role
from cms.blocks import BaseStreamBlock, PageChooserBlock

from .base import BasePage

RICH = ["bold", "italic", "link", "ul", "ol"]


class ProgressionStepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=100)
    text = blocks.TextBlock(max_length=300, required=False)
    role_page = PageChooserBlock(page_type="campaign.RoleProfilePage", required=False)

    class Meta:
        icon = "arrow-right"
        preview_value = {"title": "Senior carer", "text": "Lead a shift after a year or two."}


class RoleIndexPage(BasePage):
    intro = RichTextField(blank=True, features=RICH)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["campaign.HomePage"]
    subpage_types = ["campaign.RoleProfilePage"]
    max_count = 1

    class Meta:
        verbose_name = "role index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["roles"] = ROLE_PROFILES.list(self)
        return context


ROLE_PROFILES = ChildListing(
    "campaign.RoleProfilePage", lambda qs: qs.select_related("role", "image"), images="image"
)


class RoleProfilePage(BasePage):
    shows_vacancies = True  # its featured jobs (see BasePage.shows_vacancies)
    role = models.ForeignKey(
        "ats.Role",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The job role in vacancies: pay and live jobs on this page come from it.",
    )
    summary = models.CharField(max_length=300)
    image = models.ForeignKey(
        "cms.CustomImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    what_you_do = RichTextField("what you would do", features=RICH)
    day_in_the_life = RichTextField("a day in the life", blank=True, features=RICH)
    skills = RichTextField("skills you need", blank=True, features=RICH)
    progression = StreamField(
        [("step", ProgressionStepBlock())], blank=True, help_text="Where this job can lead, in order."
    )
    body = StreamField(BaseStreamBlock(), blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("role"),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("what_you_do"),
        FieldPanel("day_in_the_life"),
        FieldPanel("skills"),
        FieldPanel("progression"),
        FieldPanel("body"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("what_you_do"),
        index.SearchField("day_in_the_life"),
    ]
    parent_page_types = ["campaign.RoleIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "role profile page"

    @property
    def listing_image(self):
        return self.image

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        role_slug = self.role.slug if self.role else ""
        context["pay"] = pay_range_for_role(self.role_id)
        context["vacancies"] = featured_vacancies(role=role_slug, count=5) if role_slug else []
        context["jobs_url"] = job_search_url(role=role_slug) if role_slug else job_search_url(q=self.title)
        return context
