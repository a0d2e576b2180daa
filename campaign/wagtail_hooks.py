"""Admin for marketing staff: event registrations (filter, search, export), the scheduled
publishing panel, the content calendar."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.userbar import ContentCheckerItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from campaign import link_views
from campaign.admin_calendar import ContentCalendarViewSet
from campaign.models import CampaignLink, EventRegistration, PlainEnglishSettings
from campaign.plain_english import check_text, page_text
from cms.scheduled_publishing import schedule_status


class EventRegistrationViewSet(SnippetViewSet):
    model = EventRegistration
    icon = "date"
    menu_label = "Event registrations"
    add_to_admin_menu = True
    list_display = ["name", "email", "event", "access_needs", "created_at", "reminder_sent_at"]
    list_filter = ["event"]
    search_fields = ["name", "email"]
    list_export = ["name", "email", "phone", "access_needs", "event", "created_at", "attribution"]
    inspect_view_enabled = True


register_snippet(EventRegistrationViewSet)


class SchedulePanel(Component):
    """On the admin's dashboard: when scheduled pages go live, with the last and next check."""

    name = "scheduled_publishing"
    order = 150
    template_name = "campaign/admin/schedule_panel.html"

    def get_context_data(self, parent_context=None):
        return {"status": schedule_status(), "calendar_url": reverse("content_calendar:index")}


@hooks.register("construct_homepage_panels")
def add_schedule_panel(request, panels):
    panels.append(SchedulePanel())


@hooks.register("register_admin_viewset")
def register_content_calendar():
    return ContentCalendarViewSet()


class CampaignLinkViewSet(SnippetViewSet):
    """The campaign link builder: a page or preset search, a channel and a campaign name in; a short
    link with UTM parameters and its QR code (PNG and SVG) out; visits counted."""

    model = CampaignLink
    icon = "link"
    menu_label = "Campaign links"
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["campaign", "channel", "short_path", "visits", "created_at"]
    list_filter = ["channel"]
    search_fields = ["campaign", "slug"]
    list_export = ["campaign", "channel", "slug", "short_url", "destination", "visits", "created_at"]
    inspect_view_enabled = True
    inspect_view_fields = ["campaign", "channel", "short_url", "destination", "visits", "created_at"]
    inspect_template_name = "campaign/admin/campaign_link_inspect.html"
    copy_view_enabled = False

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("qr/<int:pk>.<str:kind>", self.qr_view, name="qr"),
        ]

    def qr_view(self, request, pk: int, kind: str):
        if kind not in link_views.CONTENT_TYPES:
            raise Http404
        if not self.permission_policy.user_has_any_permission(request.user, ["view", "add", "change"]):
            raise PermissionDenied
        return link_views.qr_download(request, pk, kind)


register_snippet(CampaignLinkViewSet)


class CampaignContentChecker(ContentCheckerItem):
    """Wagtail's accessibility checker (the userbar and the editor's Checks panel) with the project's
    rules: Wagtail's own (empty headings and links, heading order, alt text quality...) plus missing
    alt text, unlabelled form fields, broken lists and links that only say "click here"."""

    axe_run_only = [
        *ContentCheckerItem.axe_run_only,
        "image-alt",
        "label",
        "list",
        "listitem",
        "duplicate-id",
    ]
    axe_messages = {
        **ContentCheckerItem.axe_messages,
        "image-alt": {
            "error_name": "Image has no alt text",
            "help_text": "Describe the image, or mark it decorative in the image library",
        },
        "label": {"error_name": "Form field has no label", "help_text": "Every field needs a visible label"},
    }


@hooks.register("construct_wagtail_userbar")
def use_campaign_content_checker(request, items, page=None):
    for position, item in enumerate(items):
        if isinstance(item, ContentCheckerItem) and not isinstance(item, CampaignContentChecker):
            items[position] = CampaignContentChecker(in_editor=item.in_editor)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_plain_english(request, page):
    """A warning (never a refusal) when the page's text is hard to read or uses jargon."""
    settings = PlainEnglishSettings.for_request(request)
    report = check_text(
        page_text(page.specific), jargon=settings.jargon_list(), longest_sentence=settings.longest_sentence
    )
    for warning in report.warnings(highest_reading_age=settings.highest_reading_age):
        messages.warning(request, f"Plain English: {warning}")
