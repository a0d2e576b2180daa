"""The content calendar in the admin: what goes live, comes down or takes place in the next weeks,
filterable by campaign, with when scheduled publishing next runs."""

from __future__ import annotations

from django import forms
from django.urls import path
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from campaign.calendar import DEFAULT_WEEKS, calendar_entries, campaigns
from cms.scheduled_publishing import schedule_status


class CalendarFilterForm(forms.Form):
    campaign = forms.ModelChoiceField(
        queryset=campaigns(),
        required=False,
        empty_label="All campaigns",
        help_text="A campaign landing page and the pages below it",
    )
    weeks = forms.TypedChoiceField(
        choices=[(2, "2 weeks"), (6, "6 weeks"), (13, "3 months")],
        coerce=int,
        required=False,
        initial=DEFAULT_WEEKS,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns()


class ContentCalendarView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "campaign/admin/content_calendar.html"
    page_title = "Content calendar"
    header_icon = "date"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = CalendarFilterForm(self.request.GET or None)
        campaign, weeks = None, DEFAULT_WEEKS
        if form.is_valid():
            campaign = form.cleaned_data["campaign"]
            weeks = form.cleaned_data["weeks"] or DEFAULT_WEEKS
        context.update(
            form=form,
            weeks=weeks,
            campaign=campaign,
            entries=calendar_entries(weeks=weeks, campaign=campaign),
            status=schedule_status(),
        )
        return context


class ContentCalendarViewSet(ViewSet):
    name = "content_calendar"
    icon = "date"
    menu_label = "Content calendar"
    menu_order = 210
    add_to_admin_menu = True

    def get_urlpatterns(self):
        return [path("", ContentCalendarView.as_view(), name="index")]
