"""Shared page behaviour: share image, breadcrumbs and structured data (schema.org JSON-LD)."""

from __future__ import annotations

import functools
import re

from django.conf import settings
from django.db import models
from django.db.models import DEFERRED
from django.http import Http404
from django.urls import get_script_prefix, reverse
from django.utils.functional import cached_property

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site

from cms.chrome import (
    cached_route,
    no_view_restrictions,
    request_site_root_paths,
    restricted_page_paths,
    store_route,
)
from cms.images import image_field_names, preload_page_images
from cms.prepared import PreparedQuery, Slot, slot_list, slot_values

# The pages on a URL's path below a page (by slug, depth and tree path), compiled once per number
# of distinct slugs (cms.prepared).
_PATH_PAGES = PreparedQuery(
    lambda n: Page.objects.filter(
        slug__in=slot_list("slug", n, models.CharField()),
        path__startswith=Slot("path", models.CharField()),
        depth__gt=Slot("depth_above", models.IntegerField()),
        depth__lte=Slot("depth_below", models.IntegerField()),
    ).order_by()
)
# A page type's page in full with what its template shows (BasePage._serve_instance).
_SERVE_INSTANCE = PreparedQuery(
    lambda page_class: (
        page_class.objects.select_related(*page_class.serve_select_related())
        .filter(pk=Slot("pk", models.IntegerField()))
        .order_by()[:1]
    )
)


@functools.cache
def _page_attnames() -> list[str]:
    """Page's columns, in the order Page.from_db takes them."""
    return [field.attname for field in Page._meta.concrete_fields]


# Page paths reverse() puts in a URL unchanged (the serve view's pattern is `(?:[\w\-]+/)*`).
_PLAIN_PATH = re.compile(r"(?:[-a-zA-Z0-9_]+/)*")
_serve_prefixes: dict[str, str] = {}


def _plain_urls() -> bool:
    return getattr(settings, "WAGTAIL_APPEND_SLASH", True) and not getattr(
        settings, "WAGTAIL_I18N_ENABLED", False
    )


def _serve_prefix() -> str:
    """reverse("wagtail_serve", args=("",)), once per script prefix (the app may be mounted below
    the domain's root)."""
    script_prefix = get_script_prefix()
    try:
        return _serve_prefixes[script_prefix]
    except KeyError:
        _serve_prefixes[script_prefix] = found = reverse("wagtail_serve", args=("",))
        return found


def _skippable_inits() -> frozenset[type]:
    from modelcluster.models import ClusterableModel
    from wagtail.models import AbstractPage
    from wagtail.models.pages import ShowInMenusMixin

    return frozenset({AbstractPage, ClusterableModel, ShowInMenusMixin, models.Model, object})


@functools.cache
def _init_steps_skippable(page_class: type) -> bool:
    """Whether every `__init__` of the class is one BasePage.from_db may skip for a row from the
    database (a form page's, say, is not: Wagtail's form mixin sets its landing template there)."""
    skippable = _skippable_inits()
    return all(cls in skippable for cls in page_class.__mro__ if "__init__" in vars(cls))


def page_from_row(cls, db, field_names, values):
    """A `cls` page made from a database row as BasePage.from_db makes one (for a class whose
    `__init__` steps are all skippable, _init_steps_skippable)."""
    fields = cls._meta.concrete_fields
    if len(values) != len(fields):
        names = set(field_names)
        given = iter(values)
        values = [next(given) if field.attname in names else DEFERRED for field in fields]
    page = cls.__new__(cls)
    models.Model.__init__(page, *values)
    _ = page.id  # read, as Wagtail's __init__ reads it: a deferred `id` is set from `page_ptr_id`
    page._state.adding = False
    page._state.db = db
    return page


def _read_id(page) -> None:
    _ = page.id  # as BasePage.from_db reads it (cms.rows, BasePage.row_steps)


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

    @classmethod
    def from_db(cls, db, field_names, values):
        """Django's, without the `__init__` steps of Wagtail's page classes and modelcluster, which
        do nothing for a row read from the database: modelcluster lists every relation of the
        model (reverse ones included, some seventy for a page) looking for child objects passed as
        keywords, and Wagtail's two set defaults for a page not saved yet (no id). That was about a
        third of making each page of a listing (stories, events); Django's own steps (signals,
        deferred fields, descriptors) all run. tests/campaign/test_page_instances.py compares both ways."""
        if not _init_steps_skippable(cls):
            return super().from_db(db, field_names, values)
        return page_from_row(cls, db, field_names, values)

    @classmethod
    def row_steps(cls):
        """For cms.rows: what `from_db` above does after Django's `Model.__init__` and setting
        `_state`, or None when it is not that `from_db` that makes the class's instances."""
        if cls.from_db.__func__ is not BasePage.from_db.__func__ or not _init_steps_skippable(cls):
            return None
        return _read_id

    def _get_site_root_paths(self, cache_object=None):
        """Wagtail's, but a page whose URL is asked for without the request (`page.url`,
        `page.full_url` in templates) takes them from the request being served (the chrome)
        instead of reading them from the cache again for every page."""
        if cache_object is None:
            paths = request_site_root_paths()
            if paths is not None:
                return paths
        return super()._get_site_root_paths(cache_object)

    def get_url_parts(self, request=None):
        """Wagtail's, without a `reverse()` per page: on a site whose page paths are plain ASCII
        slugs, a page's URL is the serve view's prefix and its path below the site root, which is
        what `reverse("wagtail_serve", ...)` returns for it. Listings link a dozen pages each.
        Anything else (several sites holding the page, other characters, i18n, no trailing
        slashes) is left to Wagtail."""
        sites = self._get_relevant_site_root_paths(request)
        if len(sites) == 1 and _plain_urls():
            site_id, root_path, root_url, _language = sites[0]
            relative = self.url_path[len(root_path) :]
            if _PLAIN_PATH.fullmatch(relative):
                return (site_id, root_url, _serve_prefix() + relative)
        return super().get_url_parts(request)

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

    # Foreign keys the page's template shows, fetched with the page when it is served (its image
    # fields always are).
    serve_related: tuple[str, ...] = ()

    @classmethod
    def serve_select_related(cls) -> list[str]:
        return [*image_field_names(cls), *cls.serve_related]

    # Routing may start from a specific instance without its own fields (the cached site's home
    # page, cms.chrome): route() loads the page in full when it is the one served.
    route_from_deferred = True

    def route(self, request, path_components):
        """Wagtail's routing, with fewer queries.

        Wagtail asks for each page on the path in turn (a query per level) and loads every page it
        passes through in full. Here the pages on the path come in one query, pages only passed
        through stay deferred specific instances (no query), and the page being served is loaded in
        full with the objects its template shows (images, role, area) in one more. A page with its
        own routing (RoutablePageMixin, or not a campaign page) routes what is left itself."""
        if not path_components:
            if self.get_deferred_fields() and not isinstance(self, RoutablePageMixin):
                page = self._serve_instance(self.pk)
                if page is not None:
                    return page.route(request, path_components)
            return super().route(request, path_components)
        candidates, fetched = self._path_pages(request, path_components)
        parent = self
        for level, slug in enumerate(path_components):
            subpage = next(
                (
                    page
                    for page in candidates  # fetched once, for every level
                    if page.slug == slug
                    and page.depth == parent.depth + 1
                    and page.path.startswith(parent.path)
                ),
                None,
            )
            if subpage is None:
                raise Http404
            subpage._cached_parent_obj = parent
            remaining = path_components[level + 1 :]
            page_class = subpage.specific_class or Page
            if not remaining:
                if fetched:
                    self._keep_path_pages(request, path_components, candidates)
                if issubclass(page_class, BasePage):
                    page = page_class._serve_instance(subpage.pk)
                    if page is not None:
                        page._cached_parent_obj = parent
                        return page.route(request, remaining)
                return subpage.specific.route(request, remaining)
            if issubclass(page_class, RoutablePageMixin):
                return subpage.specific.route(request, remaining)
            if not issubclass(page_class, BasePage):
                return subpage.specific_deferred.route(request, remaining)
            parent = subpage.specific_deferred
        raise Http404  # not reached: the last level returns

    def _path_pages(self, request, path_components) -> tuple[list[Page], bool]:
        """The pages that may be on the path below this page (by slug and depth), in one query.

        What the query found for a request's full path is kept with the site chrome
        (cms.chrome.store_route) until the chrome is next purged, which every change that could
        move a page onto or off a path does (publish, unpublish, move, slug change, delete; view
        restrictions, sites), so the same path is then routed with no query for its pages. The
        rows are kept as values and made into pages as the query makes them; the page served is
        loaded afresh either way (_serve_instance), only the pages above it come from the rows.
        Returns the pages and whether they were fetched (rather than made from kept rows)."""
        key = (self.path, tuple(path_components))
        stored = cached_route(request)
        if stored is not None and stored[0] == key:
            alias, names, rows = stored[1:]
            make = page_from_row if _init_steps_skippable(Page) else lambda cls, *args: cls.from_db(*args)
            return [make(Page, alias, names, row) for row in rows], False
        slugs = sorted(set(path_components))
        candidates = _PATH_PAGES.run(
            (len(slugs),),
            **slot_values("slug", slugs),
            path=self.path,
            depth_above=self.depth,
            depth_below=self.depth + len(path_components),
        )
        return candidates, True

    def _keep_path_pages(self, request, path_components, candidates: list[Page]) -> None:
        """Keep the rows of a path that led to a page (_path_pages), when it is the request's whole
        path (a path that leads nowhere is not kept: any number of them can be asked for)."""
        if path_components == [part for part in request.path_info.split("/") if part]:
            names = _page_attnames()
            rows = [tuple(page.__dict__[name] for name in names) for page in candidates]
            key = (self.path, tuple(path_components))
            store_route(request, (key, candidates[0]._state.db, names, rows))

    @classmethod
    def _serve_instance(cls, pk: int):
        """The page in full with the objects its template shows, in one query (unordered: the tree
        order Wagtail gives every page query costs a third of building this one)."""
        found = _SERVE_INSTANCE.run((cls,), pk=pk)
        return found[0] if found else None

    def get_view_restrictions(self):
        """Skip Wagtail's two restriction queries when no page at or above this one is restricted."""
        if not any(self.path.startswith(path) for path in restricted_page_paths()):
            return no_view_restrictions()
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
