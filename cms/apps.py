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
