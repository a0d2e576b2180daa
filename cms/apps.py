import warnings

from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from PIL import Image

        # A decompression bomb is an error, never a warning that lets the file through.
        Image.MAX_IMAGE_PIXELS = 40_000_000
        warnings.simplefilter("error", Image.DecompressionBombWarning)

        self._connect_page_cache_purge()

    @staticmethod
    def _connect_page_cache_purge() -> None:
        from django.db.models.signals import post_delete, post_save

        from wagtail.models import Page
        from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

        from cms.chrome import CampaignBanner, NavigationSettings
        from cms.models import SiteSettings
        from cms.page_cache import purge_page_cache, purge_page_cache_on_change

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(purge_page_cache, dispatch_uid=f"purge-page-cache-{signal!r}")
        post_delete.connect(purge_page_cache, sender=Page, dispatch_uid="purge-page-cache-delete")
        # Site chrome changes purge pages and the chrome cache. A settings row created on first read
        # holds only defaults, so creation purges nothing.
        from wagtail.models import PageViewRestriction, Site

        from cms.chrome import purge_chrome_cache

        for model in (NavigationSettings, SiteSettings):
            post_save.connect(
                purge_page_cache_on_change, sender=model, dispatch_uid=f"purge-pc-{model.__name__}"
            )
        # Sites: the chrome keeps the list of sites (cms.chrome.site_for_request), pages their URLs.
        for model in (NavigationSettings, SiteSettings, CampaignBanner, PageViewRestriction, Site):
            post_save.connect(purge_chrome_cache, sender=model, dispatch_uid=f"purge-chrome-{model.__name__}")
            post_delete.connect(
                purge_chrome_cache, sender=model, dispatch_uid=f"purge-chrome-d-{model.__name__}"
            )
            post_delete.connect(purge_page_cache, sender=model, dispatch_uid=f"purge-pc-del-{model.__name__}")
        for model in (CampaignBanner, PageViewRestriction, Site):
            post_save.connect(purge_page_cache, sender=model, dispatch_uid=f"purge-pc-{model.__name__}")
        # Pages chosen in the navigation may have moved or been renamed; a site's root page
        # renamed changes every page URL (the chrome keeps Wagtail's site root paths).
        for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
            signal.connect(purge_chrome_cache, dispatch_uid=f"purge-chrome-{signal!r}")
        post_delete.connect(purge_chrome_cache, sender=Page, dispatch_uid="purge-chrome-page-delete")
