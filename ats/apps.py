from django.apps import AppConfig


class AtsConfig(AppConfig):
    name = "ats"
    verbose_name = "Recruitment"
    default_auto_field = "django.db.models.BigAutoField"
