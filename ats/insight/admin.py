"""Regional admins give council commissioners their read-only role in the Wagtail admin."""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from ats.insight.models import Commissioner


class CommissionerViewSet(ModelViewSet):
    model = Commissioner
    name = "commissioners"
    icon = "group"
    menu_label = "Council commissioners"
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["user", "local_authority", "created_at"]
    list_filter = ["local_authority"]
    search_fields = ["user__email", "local_authority__name"]
    form_fields = ["user", "local_authority"]
    copy_view_enabled = False


@hooks.register("register_admin_viewset")
def register_commissioner_viewset():
    return CommissionerViewSet()
