"""Admin for marketing staff: event registrations (filter, search, export), the scheduled
publishing panel, the content calendar."""

from django.urls import reverse

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from campaign.admin_calendar import ContentCalendarViewSet
from campaign.models import EventRegistration
from cms.scheduled_publishing import schedule_status


class EventRegistrationViewSet(SnippetViewSet):
    model = EventRegistration
    icon = "date"
    menu_label = "Event registrations"
    add_to_admin_menu = True
    list_display = ["name", "email", "event", "created_at", "reminder_sent_at"]
    list_filter = ["event"]
    search_fields = ["name", "email"]
    list_export = ["name", "email", "phone", "event", "created_at", "attribution"]
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
