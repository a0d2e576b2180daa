"""Shared page behaviour: share image, breadcrumbs and structured data (schema.org JSON-LD)."""

from __future__ import annotations

from django.db import models
from django.utils.functional import cached_property

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page


class BasePage(Page):
    """Every campaign page: SEO fields on the Promote tab, breadcrumbs, JSON-LD."""

    share_image = models.ForeignKey(
        "cms.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared (Open Graph/Twitter). Defaults to the site's share image.",
    )

    # Pages holding a CSRF form (or per-visitor content) set this so the page cache skips them.
    cache_exempt = False

    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel("seo_title"),
                FieldPanel("search_description"),
                FieldPanel("share_image"),
            ],
            heading="For search engines and sharing",
        ),
        MultiFieldPanel([FieldPanel("show_in_menus")], heading="For site menus"),
    ]

    class Meta:
        abstract = True

    @property
    def share_image_for_meta(self):
        return self.share_image or getattr(self, "listing_image", None)

    @cached_property
    def breadcrumbs(self) -> list[Page]:
        """Ancestors below the site root (the home page is linked separately)."""
        return list(self.get_ancestors().filter(depth__gt=2))

    def breadcrumb_items(self, request) -> list[tuple[str, str]]:
        site = self.get_site()
        home_url = (site.root_url + "/") if site else "/"
        items = [("Home", home_url)]
        items += [(p.title, p.get_full_url(request) or "") for p in self.breadcrumbs]
        items.append((self.title, self.get_full_url(request) or ""))
        return items

    def structured_data(self, request) -> list[dict]:
        items = self.breadcrumb_items(request)
        if self.depth <= 2:
            return []
        return [
            {
                "@context": "https://schema.org",
                "@type": "BreadcrumbList",
                "itemListElement": [
                    {"@type": "ListItem", "position": i, "name": name, "item": url}
                    for i, (name, url) in enumerate(items, start=1)
                ],
            }
        ]
