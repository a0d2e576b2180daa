"""Live vacancies in the sitemap, with lastmod, beside Wagtail's pages."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap

from ats.jobs.vacancies import live_vacancies


class VacancySitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8
    limit = 10000

    def items(self):
        return live_vacancies().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at
