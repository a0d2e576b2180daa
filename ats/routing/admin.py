"""Wagtail admin for routing: rules, capacities, decisions, unrouted enquiries, courses, referrals,
and the "try it" screen. Registered from ats/wagtail_hooks.py (one import line)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from ats.applications.models import Enquiry
from ats.organisations.models import Organisation
from ats.places.postcodes import PostcodeError
from ats.routing.decide import explain
from ats.routing.forms.routing import EXPERIENCE, TryRoutingForm, interest_choices
from ats.routing.models import BankHoliday, Cohort, Referral, RoutingCapacity, RoutingDecision, RoutingRule
from ats.routing.services import route_again, unrouted_enquiries
from ats.routing.subjects import subject_from_answers


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Listing and inspecting only: decisions and referrals are written by the services."""

    WRITE = {"add", "change", "delete"}

    def user_has_permission(self, user, action):
        return action not in self.WRITE and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)


register_permission_policy(RoutingDecision, ReadOnlyPolicy(RoutingDecision))
register_permission_policy(Referral, ReadOnlyPolicy(Referral))


class RoutingRuleForm(WagtailAdminModelForm):
    experience = forms.MultipleChoiceField(
        choices=EXPERIENCE,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked for anyone.",
    )
    interests = forms.MultipleChoiceField(
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Roles or care settings. Leave all unticked for any.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interests"].choices = interest_choices()
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")


class RoutingRuleViewSet(ModelViewSet):
    model = RoutingRule
    name = "routing_rules"
    icon = "list-ol"
    menu_label = "Routing rules"
    list_display = ["name", "order", "active", "action", "capacity_per_week", "updated_at"]
    list_filter = ["active", "action", "area"]
    search_fields = ["name", "explanation"]
    list_export = [
        "order",
        "name",
        "active",
        "action",
        "area",
        "experience",
        "interests",
        "age",
        "capacity_per_week",
    ]
    ordering = ["order", "pk"]
    copy_view_enabled = True
    inspect_view_enabled = True
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("order"), FieldPanel("active")]),
            MultiFieldPanel(
                [
                    FieldPanel("councils", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("area"),
                    FieldPanel("experience"),
                    FieldPanel("interests"),
                    FieldRowPanel(
                        [FieldPanel("min_hours"), FieldPanel("requires_driving"), FieldPanel("nhs_interest")]
                    ),
                    FieldPanel("age"),
                    FieldRowPanel([FieldPanel("max_distance_miles"), FieldPanel("within_travel_distance")]),
                ],
                heading="Who this rule is for",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("action"),
                    FieldPanel("organisation"),
                    FieldRowPanel([FieldPanel("nearest_n"), FieldPanel("capacity_per_week")]),
                    FieldPanel("explanation"),
                ],
                heading="Where they go",
            ),
        ],
        base_form_class=RoutingRuleForm,
    )


class RoutingCapacityViewSet(ModelViewSet):
    add_to_reference_index = False
    model = RoutingCapacity
    name = "routing_capacities"
    icon = "group"
    menu_label = "Weekly capacities"
    list_display = ["organisation", "per_week"]
    search_fields = ["organisation__name"]
    form_fields = ["organisation", "per_week"]


class RoutingDecisionViewSet(ModelViewSet):
    add_to_reference_index = False  # high-volume rows: no usage tracking on every save
    model = RoutingDecision
    name = "routing_decisions"
    icon = "resubmit"
    menu_label = "Routing decisions"
    list_display = ["__str__", "destination", "rule_name", "attempt", "decided_at", "status"]
    list_filter = ["destination__kind", "rule", "decided_at"]
    search_fields = ["reason", "rule_name", "destination__name", "enquiry__name", "enquiry__email"]
    list_export = [
        "decided_at",
        "enquiry",
        "application",
        "destination",
        "rule_name",
        "reason",
        "attempt",
        "status",
    ]
    inspect_view_enabled = True
    inspect_view_fields = [
        "enquiry",
        "application",
        "destination",
        "rule_name",
        "reason",
        "distance_miles",
        "attempt",
        "decided_at",
        "acknowledged_at",
        "reminder_sent_at",
        "superseded_at",
        "superseded_by",
        "escalated_at",
    ]
    copy_view_enabled = False
    form_fields = ["acknowledged_at"]


def can_route_again(user) -> bool:
    return user.has_perm("ats.change_enquiry")


class UnroutedIndexView(IndexView):
    def get_base_queryset(self):
        return unrouted_enquiries()

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if can_route_again(self.request.user):
            buttons.append(
                HeaderButton(
                    "Route them all again",
                    url=reverse("unrouted_enquiries:route_again"),
                    icon_name="resubmit",
                )
            )
        return buttons

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if can_route_again(self.request.user):
            buttons.append(
                Button(
                    "Route again",
                    url=reverse("unrouted_enquiries:route_again_one", args=[instance.pk]),
                    icon_name="resubmit",
                    priority=5,
                )
            )
        return buttons


class RouteAgainView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then try unrouted enquiries again with today's rules and capacities (a POST; the
    listing links here so it works without JavaScript)."""

    template_name = "ats/routing/admin_route_again.html"
    header_icon = "resubmit"

    def dispatch(self, request, *args, **kwargs):
        if not can_route_again(request.user):
            raise PermissionDenied
        self.enquiry = None
        if "pk" in kwargs:
            self.enquiry = get_object_or_404(unrouted_enquiries(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Route {self.enquiry.name} again" if self.enquiry else "Route every unrouted enquiry again"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("unrouted_enquiries:index"), "label": "Unrouted enquiries"},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["enquiry"] = self.enquiry
        context["waiting"] = unrouted_enquiries().count()
        return context

    def post(self, request, *args, **kwargs):
        routed, unrouted = route_again([self.enquiry.pk] if self.enquiry else None)
        if routed:
            messages.success(request, f"Routed {routed} enquir{'y' if routed == 1 else 'ies'}.")
        if unrouted:
            messages.warning(
                request,
                f"{unrouted} still could not be routed: no rule finds anyone with room for "
                f"{'them' if unrouted > 1 else 'this person'}. Try routing shows why.",
            )
        if not routed and not unrouted:
            messages.info(request, "There was nothing left to route.")
        return redirect("unrouted_enquiries:index")


class UnroutedEnquiryViewSet(ModelViewSet):
    add_to_reference_index = False  # high-volume rows: no usage tracking on every save
    """Enquiries nobody could take (every rule full or none fitting): a regional admin must act."""

    model = Enquiry
    name = "unrouted_enquiries"
    icon = "warning"
    menu_label = "Unrouted enquiries"
    index_view_class = UnroutedIndexView
    list_display = ["name", "postcode", "experience", "created_at"]
    search_fields = ["name", "email", "postcode"]
    form_fields = ["name"]
    copy_view_enabled = False
    inspect_view_enabled = True

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("route-again/", RouteAgainView.as_view(), name="route_again"),
            path("route-again/<int:pk>/", RouteAgainView.as_view(), name="route_again_one"),
        ]


class CohortViewSet(ModelViewSet):
    add_to_reference_index = False
    model = Cohort
    name = "academy_courses"
    icon = "date"
    menu_label = "Academy courses"
    list_display = ["course", "academy", "starts_on", "ends_on", "venue", "capacity", "places_left"]
    list_filter = ["academy", "starts_on"]
    search_fields = ["course", "venue", "academy__name"]
    list_export = ["course", "academy", "starts_on", "ends_on", "venue", "capacity", "places_left"]
    form_fields = ["academy", "course", "starts_on", "ends_on", "venue", "capacity"]


class ReferralViewSet(ModelViewSet):
    add_to_reference_index = False
    model = Referral
    name = "referrals"
    icon = "arrow-right-full"
    menu_label = "Referrals"
    list_display = ["from_org", "to_org", "vacancy", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["from_org__name", "to_org__name"]
    list_export = ["created_at", "from_org", "to_org", "vacancy", "status", "consent_at", "decided_at"]
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["note"]


class BankHolidayViewSet(ModelViewSet):
    """England and Wales bank holidays: not working days for the routing service level."""

    add_to_reference_index = False
    model = BankHoliday
    name = "bank_holidays"
    icon = "date"
    menu_label = "Bank holidays"
    list_display = ["date", "name"]
    list_filter = ["date"]
    search_fields = ["name"]
    list_export = ["date", "name"]
    form_fields = ["date", "name"]
    ordering = ["-date"]


class TryRoutingView(WagtailAdminTemplateMixin, FormView):
    """Enter a postcode and answers; see where the person would go and why. Saves nothing."""

    template_name = "ats/routing/admin_try.html"
    form_class = TryRoutingForm
    page_title = "Try routing"
    header_icon = "resubmit"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("ats.view_routingrule"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            subject = subject_from_answers(
                data["postcode"],
                interests=data["interests"],
                experience=data["experience"],
                hours_wanted=data["hours_wanted"],
                driving=data["driving"],
                max_travel_miles=data["max_travel_miles"],
                nhs_interest=data["nhs_interest"],
                over_18=data["age"] != "under_18",
            )
        except PostcodeError as exc:
            form.add_error("postcode", str(exc))
            return self.form_invalid(form)
        plan, trace = explain(subject)
        return self.render_to_response(
            self.get_context_data(form=form, plan=plan, trace=trace, subject=subject)
        )


class TryRoutingMenuItem(MenuItem):
    """Shown to whoever may open the screen (the view checks the same permission), so the
    "Routing" menu stays hidden from marketing staff."""

    def is_shown(self, request):
        return request.user.has_perm("ats.view_routingrule")


class TryRoutingViewSet(ViewSet):
    name = "try_routing"
    icon = "resubmit"
    menu_label = "Try routing"
    menu_item_class = TryRoutingMenuItem

    def get_urlpatterns(self):
        return [path("", TryRoutingView.as_view(), name="index")]


class RoutingViewSetGroup(ViewSetGroup):
    menu_label = "Routing"
    menu_icon = "resubmit"
    menu_order = 250
    items = (
        RoutingRuleViewSet,
        TryRoutingViewSet,
        RoutingDecisionViewSet,
        UnroutedEnquiryViewSet,
        RoutingCapacityViewSet,
        BankHolidayViewSet,
        CohortViewSet,
        ReferralViewSet,
    )


@hooks.register("register_admin_viewset")
def register_routing_viewsets():
    return RoutingViewSetGroup()
