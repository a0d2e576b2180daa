"""The Celery app. Tasks are auto-discovered from each installed app's tasks.py and, for an app
organised in subpackages (ats: its AppConfig's `subpackages`), from each subpackage's tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

app = Celery("cms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _subpackages() -> list[str]:
    from django.apps import apps

    return [
        f"{config.name}.{sub}"
        for config in apps.get_app_configs()
        for sub in getattr(config, "subpackages", ())
    ]


app.autodiscover_tasks(_subpackages)
