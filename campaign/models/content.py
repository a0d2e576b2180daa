"""General content: FAQs, news articles, plain content pages and the contact form."""

from __future__ import annotations

from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import strip_tags

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from campaign.blocks import AccordionBlock
from campaign.queries import ChildListing
from cms import ratelimit
from cms.blocks import BaseStreamBlock, ContentStreamBlock
from cms.fill_time import FillTimeMixin

from .base import BasePage


class ContentPage(BasePage):
    """A plain page: privacy notice, cookies, accessibility statement."""

    body = StreamField(ContentStreamBlock())

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    parent_page_types = ["campaign.HomePage", "campaign.CampaignLandingPage", "campaign.ContentPage"]
    subpage_types = ["campaign.ContentPage"]

    class Meta:
        verbose_name = "content page"


class FAQPage(BasePage):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    sections = StreamField([("section", AccordionBlock())])

    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("sections")]
    search_fields = [*BasePage.search_fields, index.SearchField("sections")]
    parent_page_types = ["campaign.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "FAQ page"

    def structured_data(self, request) -> list[dict]:
        questions = [
            {
                "@type": "Question",
                "name": item["question"],
                "acceptedAnswer": {"@type": "Answer", "text": strip_tags(item["answer"].source)},
            }
            for section in self.sections
            for item in section.value["items"]
        ]
        faq = {"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": questions}
        return [*super().structured_data(request), faq]


class NewsIndexPage(BasePage):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["campaign.HomePage"]
    subpage_types = ["campaign.ArticlePage"]
    max_count = 1

    class Meta:
        verbose_name = "news index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = ARTICLES.page(self, request.GET.get("page"), 10)
        return context


ARTICLES = ChildListing(
    "campaign.ArticlePage", lambda qs: qs.select_related("image").order_by("-date", "-pk"), images="image"
)


class ArticlePage(BasePage):
    date = models.DateField(default=timezone.localdate)
    summary = models.CharField(max_length=300)
    image = models.ForeignKey(
        "cms.CustomImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(BaseStreamBlock())

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["campaign.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "article page"

    @property
    def listing_image(self):
        return self.image


class ContactFormField(AbstractFormField):
    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactFormBuilder(FormBuilder):
    """Wagtail's form, with the minimum fill time of every public form (cms/fill_time.py)."""

    def get_form_class(self):
        form_class = super().get_form_class()
        return type(form_class.__name__, (FillTimeMixin, form_class), {})


class ContactPage(AbstractEmailForm, BasePage):
    """An editor-built form (Wagtail form builder) whose submissions are stored and emailed."""

    form_builder = ContactFormBuilder

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    thank_you_text = RichTextField(blank=True, features=["bold", "italic", "link"])

    cache_exempt = True  # holds a CSRF-protected form

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label="Form fields"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading="Email",
        ),
    ]
    promote_panels = BasePage.promote_panels
    parent_page_types = ["campaign.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "contact page"

    def serve(self, request, *args, **kwargs):
        """Wagtail's, after the per-client limit on posts that every public form has."""
        if request.method == "POST" and not ratelimit.allow(request, "contact"):
            return TemplateResponse(request, "ats/apply/too_many.html", status=429)
        return super().serve(request, *args, **kwargs)
