"""Carers' stories and their index, filterable by role and area."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from campaign.queries import STORY_CARD_FIELDS, ChildListing

from .base import BasePage


class StoryIndexPage(BasePage):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["campaign.HomePage"]
    subpage_types = ["campaign.StoryPage"]
    max_count = 1

    class Meta:
        verbose_name = "story index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        roles, areas = story_filter_choices(STORY_FILTERS.list(self))
        form = StoryFilterForm(request.GET or None, roles=roles, areas=areas)
        role = area = ""
        if form.is_valid():
            role, area = form.cleaned_data["role"], form.cleaned_data["area"]
        context["filter_form"] = form
        context["stories"] = STORIES.page(self, request.GET.get("page"), 12, role=role, area=area)
        return context


def _stories(qs, role: str = "", area: str = ""):
    if role:
        qs = qs.filter(role__slug=role)
    if area:
        qs = qs.filter(local_authority__slug=area)
    return (
        qs.select_related("role", "local_authority", "photo")
        .only(*STORY_CARD_FIELDS, "photo")
        .order_by("-first_published_at", "-pk")
    )


STORIES = ChildListing("campaign.StoryPage", _stories, images="photo")
# The roles and areas the stories have, for the filter form.
STORY_FILTERS = ChildListing(
    "campaign.StoryPage",
    lambda qs: (
        qs.order_by()
        .values_list(
            "role__sort_order", "role__name", "role__slug", "local_authority__name", "local_authority__slug"
        )
        .distinct()
    ),
)


def story_filter_choices(rows) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(slug, name) of the roles and of the areas in the stories' (role order, role name, role
    slug, area name, area slug) rows."""
    roles, areas = set(), set()
    for role_order, role_name, role_slug, area_name, area_slug in rows:
        if role_slug:
            roles.add((role_order, role_name, role_slug))
        if area_slug:
            areas.add((area_name, area_slug))
    # As Role and LocalAuthority order themselves: by sort order then name, and by name.
    return [(slug, name) for _, name, slug in sorted(roles)], [(slug, name) for name, slug in sorted(areas)]


class StoryFilterForm(forms.Form):
    role = forms.ChoiceField(required=False, label=_("Role"), widget=forms.Select(attrs={"class": "select"}))
    area = forms.ChoiceField(required=False, label=_("Area"), widget=forms.Select(attrs={"class": "select"}))

    def __init__(self, *args, roles=(), areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("All roles")), *roles]
        self.fields["area"].choices = [("", _("All areas")), *areas]


class StoryPage(BasePage):
    photo = models.ForeignKey(
        "cms.CustomImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    person_name = models.CharField(max_length=80, help_text="First name is enough.")
    quote = models.CharField(max_length=300)
    role = models.ForeignKey("ats.Role", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    job_title = models.CharField(max_length=120, blank=True, help_text="As the person describes it.")
    employer_name = models.CharField(max_length=200, blank=True)
    local_authority = models.ForeignKey(
        "ats.LocalAuthority",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="area",
    )
    body = RichTextField(features=["bold", "italic", "link", "ul", "h2", "h3"])

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("photo"),
        MultiFieldPanel(
            [
                FieldPanel("person_name"),
                FieldPanel("quote"),
                FieldPanel("role"),
                FieldPanel("job_title"),
                FieldPanel("employer_name"),
                FieldPanel("local_authority"),
            ],
            heading="About the person",
        ),
        FieldPanel("body"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("quote"), index.SearchField("body")]
    parent_page_types = ["campaign.StoryIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "story page"

    @property
    def listing_image(self):
        return self.photo

    @property
    def byline(self) -> str:
        parts = [self.job_title or (self.role.name if self.role else ""), self.employer_name]
        area = self.local_authority.name if self.local_authority else ""
        text = ", ".join(p for p in parts if p)
        return f"{text} ({area})" if area and text else text or area
