"""The job search page: a routable Wagtail page marketing can place and introduce.

/jobs/ and /jobs/<slug>/ are stable Django URLs (ats/urls.py) that render through the live
JobSearchPage when there is one, so links in emails, feeds and sitemaps never change when editors
move the page. Placed elsewhere in the tree, the page serves the same search and job pages under its
own URL through the routes below.
"""

from __future__ import annotations

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page


class JobSearchPage(RoutablePageMixin, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    empty_message = models.CharField(
        max_length=300,
        blank=True,
        default="Try a wider distance or fewer filters, or set up a job alert and we'll email you new jobs.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("empty_message")]

    parent_page_types = ["campaign.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = "job search page"

    # The base template reads these from every page; a search page sits just below the home page.
    share_image_for_meta = None
    breadcrumbs = ()
    # Not kept by the page cache (cms/page_cache.py, purged only when a page is published): jobs open,
    # close and change without a publish, and /jobs/ (a Django URL) is not cached either.
    cache_exempt = True

    @classmethod
    def current(cls) -> JobSearchPage | None:
        """The live search page, kept with the site chrome (purged when any page is published,
        unpublished, moved or deleted, when a site changes and when this one is saved), with its full
        URL (the canonical and og:url of seo_meta.html): /jobs/ pages ask no query and no cache
        round trip for it."""
        from cms.chrome import chrome_piece

        return chrome_piece("job_search_page", cls._live_with_full_url)

    @classmethod
    def _live_with_full_url(cls) -> JobSearchPage | None:
        page = cls.objects.live().first()
        if page is not None:
            page._kept_full_url = page.get_full_url()
        return page

    @property
    def full_url(self) -> str | None:
        try:
            return self._kept_full_url
        except AttributeError:
            return self.get_full_url()

    @path("")
    def search(self, request):
        from ats.jobs.views.jobs import render_search

        return render_search(request, page=self)

    @path("<slug:slug>/")
    def job(self, request, slug):
        from ats.jobs.views.jobs import render_job

        return render_job(request, slug, page=self)
