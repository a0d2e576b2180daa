"""Campaign blocks: the building blocks editors use on the home and landing pages.

Each block has an icon, a preview_value and a template in templates/blocks/ (cards and the page hero
are components in templates/components/). Blocks that list live data (jobs, events, stories) fetch
it through campaign.queries in `get_context`, so their templates only show what was fetched.
"""

from __future__ import annotations

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from cms.blocks import BaseStreamBlock, LinkStructBlock, PageChooserBlock
from cms.images import PreloadedImageChooserBlock

# The job search block's distances (the job search's own radius values).
# (40 miles was offered before, which the job search does not have: it searched within 10.)
RADIUS_CHOICES = [
    ("5", _("5 miles")),
    ("10", _("10 miles")),
    ("20", _("20 miles")),
    ("30", _("30 miles")),
    ("50", _("50 miles")),
]
DEFAULT_RADIUS = "10"


def role_choices() -> list[tuple[str, str]]:
    from ats.models import Role

    return [("", "Any role"), *Role.objects.values_list("slug", "name")]


def area_choices() -> list[tuple[str, str]]:
    from ats.models import LocalAuthority

    return [
        ("", "Anywhere in the North East"),
        *LocalAuthority.objects.filter(in_region=True).values_list("slug", "name"),
    ]


def setting_choices() -> list[tuple[str, str]]:
    from ats.models import Vacancy

    return [("", "Any setting"), *Vacancy.Setting.choices]


def employer_kind_choices() -> list[tuple[str, str]]:
    from ats.models import Organisation

    return [("", "Any employer"), *Organisation.Kind.choices]


class LiveChoiceBlock(blocks.ChoiceBlock):
    """A choice of slugs read from the database (roles, areas) or from a model's choices (settings,
    employer kinds). Wagtail's ChoiceBlock looks every stored value up in its choices when a page is
    read, which runs the choices query (or rebuilds the choice list) once per block on every render;
    the keys here are plain strings, so the stored value is used as it is. (Migrations still see a
    plain ChoiceBlock.)"""

    def to_python(self, value):
        return value


class LinkValue(blocks.StructValue):
    @cached_property
    def href(self) -> str:
        page = self.get("page")
        if page:
            return page.url or ""
        return self.get("url") or ""


class LinkBlock(LinkStructBlock):
    text = blocks.CharBlock(max_length=80)
    page = PageChooserBlock(required=False)
    url = blocks.CharBlock(
        required=False, max_length=300, help_text="Use instead of a page, e.g. /jobs/?q=nurse"
    )

    class Meta:
        icon = "link"
        value_class = LinkValue
        preview_value = {"text": "Find a job", "url": "/jobs/"}


class HeadingTextBlock(blocks.StructBlock):
    """A heading and a short line of text: the start of the hero and the call-to-action banner."""

    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=300)


class HeroBlock(HeadingTextBlock):
    image = PreloadedImageChooserBlock(required=False)
    cta = LinkBlock(required=False, label="Call to action")

    class Meta:
        template = "blocks/hero_block.html"
        icon = "image"
        preview_value = {
            "heading": "Care is a job that matters",
            "text": "Find a care job near you, or start with free training at your care academy.",
            "cta": {"text": "Find a care job", "url": "/jobs/"},
        }


class ImageTextBlock(blocks.StructBlock):
    image = PreloadedImageChooserBlock()
    heading = blocks.CharBlock(max_length=120)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul"])
    image_on_right = blocks.BooleanBlock(required=False, default=False)
    link = LinkBlock(required=False)

    class Meta:
        template = "blocks/image_text_block.html"
        icon = "doc-full"
        preview_value = {
            "heading": "Training from day one",
            "text": "<p>Every new starter gets the Care Certificate and a mentor.</p>",
        }


class VideoBlock(blocks.StructBlock):
    """A video shown as a click-to-watch link (no third-party iframe loads with the page)."""

    url = blocks.URLBlock(help_text="YouTube or Vimeo address")
    title = blocks.CharBlock(max_length=120)
    thumbnail = PreloadedImageChooserBlock(required=False)
    transcript = blocks.RichTextBlock(required=False, features=["bold", "italic", "link"])

    class Meta:
        template = "blocks/video_block.html"
        icon = "media"
        preview_value = {
            "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "title": "A day as a home carer",
        }


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=400)
    name = blocks.CharBlock(max_length=80)
    role = blocks.CharBlock(max_length=120, required=False)
    image = PreloadedImageChooserBlock(required=False)

    class Meta:
        template = "blocks/quote_block.html"
        icon = "openquote"
        preview_value = {
            "quote": "I go home every day knowing I made someone's day better.",
            "name": "Amira",
            "role": "Home care worker, Gateshead",
        }


class StatBlock(blocks.StructBlock):
    figure = blocks.CharBlock(max_length=20)
    label = blocks.CharBlock(max_length=120)
    source = blocks.CharBlock(max_length=160, required=False)


class StatCardsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, required=False)
    stats = blocks.ListBlock(StatBlock(), min_num=1, max_num=6)

    class Meta:
        template = "blocks/stat_cards_block.html"
        icon = "table"
        preview_value = {
            "heading": "Care in the North East",
            "stats": [
                {"figure": "1,900", "label": "care services"},
                {"figure": "£12.60", "label": "starting pay"},
            ],
        }


class CallToActionBlock(HeadingTextBlock):
    link = LinkBlock()

    class Meta:
        template = "blocks/cta_block.html"
        icon = "pick"
        preview_value = {
            "heading": "New to care?",
            "text": "Your local care academy trains you for free.",
            "link": {"text": "Find your academy", "url": "/"},
        }


class AccordionItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200)
    answer = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])


class AccordionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, required=False)
    items = blocks.ListBlock(AccordionItemBlock(), min_num=1)

    class Meta:
        template = "blocks/accordion_block.html"
        icon = "list-ul"
        preview_value = {
            "heading": "Questions",
            "items": [{"question": "Do I need qualifications?", "answer": "<p>No. We train you.</p>"}],
        }


class JobSearchBlock(blocks.StructBlock):
    """A search box whose results start from the campaign's jobs: the visitor types a postcode and
    gets, say, home care jobs within 20 miles, and can widen the search on the results page."""

    heading = blocks.CharBlock(max_length=120, default="Find a care job near you")
    role = LiveChoiceBlock(
        choices=role_choices,
        required=False,
        help_text="Search only this kind of job. Leave as 'Any role' for all.",
    )
    setting = LiveChoiceBlock(
        choices=setting_choices,
        required=False,
        help_text="Search only jobs in this setting (home care, care homes...). Leave as 'Any setting' for all.",
    )
    radius = blocks.ChoiceBlock(
        choices=RADIUS_CHOICES,
        default=DEFAULT_RADIUS,
        label="Distance",
        help_text="The distance the search starts with; the visitor can change it.",
    )

    class Meta:
        template = "blocks/job_search_block.html"
        icon = "search"
        preview_value = {"heading": "Find a care job near you", "radius": DEFAULT_RADIUS}
        help_text = "A job search box. Choose a role or setting to start visitors on this campaign's jobs."

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["radius_choices"] = RADIUS_CHOICES
        context["radius"] = value.get("radius") or DEFAULT_RADIUS
        context["preset"] = {
            "role": dict(role_choices()).get(value.get("role") or "") if value.get("role") else "",
            "setting": dict(setting_choices()).get(value.get("setting") or "")
            if value.get("setting")
            else "",
        }
        return context


class FeaturedJobsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="Jobs you could start soon")
    role = LiveChoiceBlock(choices=role_choices, required=False)
    setting = LiveChoiceBlock(choices=setting_choices, required=False)
    area = LiveChoiceBlock(choices=area_choices, required=False)
    employer_kind = LiveChoiceBlock(choices=employer_kind_choices, required=False)
    count = blocks.IntegerBlock(
        default=3,
        min_value=1,
        max_value=12,
        help_text="How many jobs to show, newest first. With none live, visitors see a link to all jobs.",
    )

    class Meta:
        template = "blocks/featured_jobs_block.html"
        icon = "list-ol"
        preview_value = {"heading": "Jobs you could start soon", "count": 3}

    def listing(self, value) -> tuple[list, str]:
        """The jobs the block lists and the address of the job search for more like them."""
        from campaign.queries import featured_vacancies, job_search_url

        filters = {k: value.get(k) or "" for k in ("role", "setting", "area", "employer_kind")}
        vacancies = featured_vacancies(count=value.get("count") or 3, **filters)
        # The job search calls the employer filter `kind`.
        more_url = job_search_url(
            role=filters["role"],
            setting=filters["setting"],
            area=filters["area"],
            kind=filters["employer_kind"],
        )
        return vacancies, more_url

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["vacancies"], context["more_url"] = self.listing(value)
        return context


class UpcomingEventsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="Meet us at an event")
    area = LiveChoiceBlock(choices=area_choices, required=False)
    count = blocks.IntegerBlock(
        default=3,
        min_value=1,
        max_value=6,
        help_text="How many events to show, soonest first. With none coming up, visitors are told so.",
    )

    class Meta:
        template = "blocks/upcoming_events_block.html"
        icon = "date"
        preview_value = {"heading": "Meet us at an event", "count": 3}

    def events(self, value) -> list:
        """The events the block lists (campaign.queries.upcoming_events)."""
        from campaign.queries import upcoming_events

        return upcoming_events(count=value.get("count") or 3, area=value.get("area") or "")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["events"] = self.events(value)
        return context


class StoriesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="Stories from people in care")
    # Each slot may be left empty (issue 29: an empty slot used to stop the page being submitted).
    stories = blocks.ListBlock(
        PageChooserBlock(page_type="campaign.StoryPage", required=False),
        default=[],
        required=False,
        help_text="Choose up to 8 stories, or leave empty to show the newest stories. Empty slots are ignored.",
    )
    count = blocks.IntegerBlock(
        default=4, min_value=1, max_value=8, help_text="How many stories to show when none are chosen."
    )

    class Meta:
        template = "blocks/stories_block.html"
        icon = "user"
        preview_value = {"heading": "Stories from people in care", "count": 4}

    def stories_for(self, value, *, renditions: bool = True) -> list:
        """The stories the block lists (campaign.queries.stories_for_block)."""
        from campaign.queries import stories_for_block

        chosen = [page.pk for page in value.get("stories") or [] if page]
        return stories_for_block(chosen, count=value.get("count") or 4, renditions=renditions)

    def preload(self, value) -> list:
        """Fetch the block's stories before the page renders, without their photos' renditions, and
        return the photos: the page fetches their renditions with its own images, in one query
        (campaign.models.home.HeroFieldsMixin.preload_listings)."""
        value.preloaded_stories = stories = self.stories_for(value, renditions=False)
        return [story.photo for story in stories]

    def stories_shown(self, value) -> list:
        """The block's stories: those `preload` fetched, or else fetched now with their renditions."""
        stories = getattr(value, "preloaded_stories", None)
        return self.stories_for(value) if stories is None else stories

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["stories"] = self.stories_shown(value)
        return context


class AcademyFinderBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="Find your local care academy")
    text = blocks.TextBlock(
        required=False,
        max_length=300,
        default="New to care? Your council's care academy trains you for free and finds you a job.",
    )

    class Meta:
        template = "blocks/academy_finder_block.html"
        icon = "site"
        preview_value = {"heading": "Find your local care academy"}


class CampaignStreamBlock(BaseStreamBlock):
    """Everything an editor can put on the home page or a campaign landing page."""

    hero = HeroBlock()
    image_text = ImageTextBlock()
    video = VideoBlock()
    quote = QuoteBlock()
    stat_cards = StatCardsBlock()
    call_to_action = CallToActionBlock()
    accordion = AccordionBlock()
    job_search = JobSearchBlock()
    featured_jobs = FeaturedJobsBlock()
    upcoming_events = UpcomingEventsBlock()
    stories = StoriesBlock()
    academy_finder = AcademyFinderBlock()


class QuizAnswerBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200)
    roles = blocks.ListBlock(
        PageChooserBlock(page_type="campaign.RoleProfilePage"),
        required=False,
        help_text="Roles this answer points towards.",
    )
    new_to_care = blocks.BooleanBlock(
        required=False,
        help_text="Tick if this answer means the person is new to care (suggests the academy).",
    )


class QuizQuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200)
    hint = blocks.CharBlock(max_length=200, required=False)
    answers = blocks.ListBlock(QuizAnswerBlock(), min_num=2, max_num=6)

    class Meta:
        icon = "help"
        preview_value = {
            "question": "Have you worked in care before?",
            "answers": [{"text": "Yes"}, {"text": "No, I'm new to care", "new_to_care": True}],
        }
