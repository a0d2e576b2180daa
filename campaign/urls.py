"""The campaign site's own URLs beside Wagtail's pages: site search, the sitemap (pages and jobs) and
the academy finder. Included at the site root by cms/urls.py."""

from django.urls import path

from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.contrib.sitemaps.views import sitemap

from ats.jobs.sitemaps import VacancySitemap
from campaign import link_views, views

SITEMAPS = {"pages": WagtailSitemap, "jobs": VacancySitemap}

urlpatterns = [
    path("search/", views.search, name="search"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("find-your-academy/", views.academy_finder, name="academy-finder"),
    path("go/<slug:slug>/", link_views.go, name="campaign-link"),
]
