"""Admin listing of event registrations (filter, search, export) for marketing staff."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from campaign.models import EventRegistration


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
