"""One page per council area and one per care academy."""

from __future__ import annotations

from django.db import models
from django.shortcuts import redirect

from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from campaign.blocks import StatBlock
from campaign.queries import (
    ChildListing,
    area_job_counts,
    featured_vacancies,
    job_search_url,
    public_pages,
    upcoming_events,
)
from cms.blocks import BaseStreamBlock
from cms.validators import validate_link

from .base import BasePage

RICH = ["bold", "italic", "link", "ul", "ol", "h3"]


class AreaIndexPage(BasePage):
    intro = RichTextField(blank=True, features=RICH)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["campaign.HomePage"]
    subpage_types = ["campaign.AreaPage"]
    max_count = 1

    class Meta:
        verbose_name = "area index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["areas"] = AREAS.list(self)
        return context


AREAS = ChildListing("campaign.AreaPage", lambda qs: qs.select_related("local_authority").order_by("title"))


class AreaPage(BasePage):
    shows_vacancies = True  # its featured jobs (see BasePage.shows_vacancies)
    local_authority = models.OneToOneField(
        "ats.LocalAuthority",
        on_delete=models.PROTECT,
        related_name="area_page",
        limit_choices_to={"in_region": True},
    )
    intro = RichTextField(features=RICH)
    image = models.ForeignKey(
        "cms.CustomImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    figures = StreamField([("figure", StatBlock())], blank=True, help_text="Facts about care in this area.")
    body = StreamField(BaseStreamBlock(), blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("local_authority"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("figures"),
        FieldPanel("body"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    parent_page_types = ["campaign.AreaIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "area page"

    @property
    def listing_image(self):
        return self.image

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        la = self.local_authority
        context["job_count"], context["employer_count"] = area_job_counts(la.pk)
        context["vacancies"] = featured_vacancies(area=la.slug, count=4)
        context["jobs_url"] = job_search_url(area=la.slug)
        context["events"] = upcoming_events(count=3, area=la.slug)
        context["academy"] = (
            public_pages(AcademyPage.objects.live())
            .filter(organisation__local_authority=la)
            .order_by("path")
            .first()
        )
        return context


class AcademyIndexPage(BasePage):
    intro = RichTextField(blank=True, features=RICH)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["campaign.HomePage"]
    subpage_types = ["campaign.AcademyPage"]
    max_count = 1

    class Meta:
        verbose_name = "academy index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["academies"] = ACADEMIES.list(self)
        context["finder"] = {"heading": "Find your local care academy", "text": ""}
        return context


class CohortBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=120, help_text="e.g. Care Certificate – January")
    start_date = blocks.DateBlock()
    end_date = blocks.DateBlock(required=False)
    venue = blocks.CharBlock(max_length=200, required=False)
    places = blocks.CharBlock(max_length=60, required=False, help_text="e.g. 12 places left")

    class Meta:
        icon = "date"
        preview_value = {
            "name": "Care Certificate – January",
            "start_date": "2027-01-11",
            "venue": "Civic Centre",
        }


class AcademyPage(RoutablePageMixin, BasePage):
    organisation = models.OneToOneField(
        "ats.Organisation",
        on_delete=models.PROTECT,
        related_name="academy_page",
        limit_choices_to={"kind": "academy"},
    )
    intro = models.CharField(max_length=300)
    image = models.ForeignKey(
        "cms.CustomImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    programme = RichTextField(features=RICH, help_text="What the academy offers and how it works.")
    cohorts = StreamField(
        [("cohort", CohortBlock())], blank=True, help_text="Next cohort dates, soonest first."
    )
    register_url = models.CharField(
        "register interest link",
        max_length=300,
        blank=True,
        validators=[validate_link],
        help_text="Only if the academy takes registrations on its own site: 'Register your interest' "
        "then goes there. Empty: the register-interest form on this page.",
    )
    body = StreamField(BaseStreamBlock(), blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("organisation"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("programme"),
        FieldPanel("cohorts"),
        FieldPanel("register_url"),
        FieldPanel("body"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("intro"), index.SearchField("programme")]
    parent_page_types = ["campaign.AcademyIndexPage"]
    subpage_types: list[str] = []

    cache_exempt = True  # holds the CSRF-protected register-interest form

    class Meta:
        verbose_name = "academy page"

    @property
    def listing_image(self):
        return self.image

    def get_context(self, request, *args, **kwargs):
        from campaign.forms import AcademyInterestForm

        context = super().get_context(request, *args, **kwargs)
        context["register_href"] = self.register_url or "#register-interest"
        if not self.register_url:
            context["interest_form"] = AcademyInterestForm(academy_name=self.organisation.name)
        context["events"] = upcoming_events(count=3, area=self.organisation.local_authority.slug)
        return context

    @path("")
    def academy(self, request):
        from campaign.views import academy_interest

        return academy_interest(request, self)

    @path("registered/")
    def registered(self, request):
        email = request.session.get(f"academy-interest-{self.pk}")
        if not email:
            return redirect(self.url)
        return self.render(
            request, template="campaign/academy_registered.html", context_overrides={"email": email}
        )


# The index shows each academy's title, intro and link: no image, no employer.
ACADEMIES = ChildListing("campaign.AcademyPage", lambda qs: qs.order_by("title"))
