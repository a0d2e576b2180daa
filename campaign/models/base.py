"""Shared page behaviour: share image, breadcrumbs and structured data (schema.org JSON-LD)."""

from __future__ import annotations

from django.db import models
from django.utils.functional import cached_property

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page, PageViewRestriction, Site

from cms.chrome import restricted_page_paths
from cms.images import preload_page_images


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
    # Pages listing jobs say so: the page cache forgets them when a job is published, closed or
    # changed (cms.page_cache.purge_job_pages), and keeps every other page.
    shows_vacancies = False

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
        """Ancestors below the site root (the home page is linked separately).

        Walked up through get_parent(), which routing has already cached on the page being served
        (no query); a page rendered outside routing looks each parent up once."""
        crumbs = []
        page = self
        while page.depth > 3:
            page = page.get_parent()
            crumbs.append(page)
        return crumbs[::-1]

    def breadcrumb_items(self, request) -> list[tuple[str, str]]:
        site = Site.find_for_request(request)  # cached on the request
        home_url = (site.root_url + "/") if site else "/"
        items = [("Home", home_url)]
        items += [(p.title, p.get_full_url(request) or "") for p in self.breadcrumbs]
        items.append((self.title, self.get_full_url(request) or ""))
        return items

    def get_view_restrictions(self):
        """Skip Wagtail's two restriction queries when no page at or above this one is restricted."""
        if not any(self.path.startswith(path) for path in restricted_page_paths()):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def preload_listings(self) -> list:
        """Fetch what the page's listing blocks show before it renders, and return the images among
        it (already fetched), whose renditions then come with the page's own in one query."""
        return []

    def get_context(self, request, *args, **kwargs):
        # The page's images in one query, their renditions and its listings' photos' in one more.
        preload_page_images(self, also=self.preload_listings())
        return super().get_context(request, *args, **kwargs)

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
