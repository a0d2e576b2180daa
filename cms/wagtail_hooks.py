"""Admin registrations for site chrome, and the page cache hook."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.models import CampaignBanner
from cms.page_cache import mark_page_cacheable

hooks.register("before_serve_page", mark_page_cacheable)


class CampaignBannerViewSet(SnippetViewSet):
    model = CampaignBanner
    icon = "warning"
    menu_label = "Campaign banners"
    list_display = ["text", "active", "show_from", "show_until"]
    list_filter = ["active"]
    search_fields = ["text"]
    list_export = ["text", "link_url", "active", "show_from", "show_until"]


register_snippet(CampaignBannerViewSet)
