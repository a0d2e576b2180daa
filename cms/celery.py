"""The Celery app. Tasks are auto-discovered from each app's tasks.py and the ats task modules."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

app = Celery("cms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# ats keeps one task module per use case; missing modules are skipped.
for module in ("tasks_applications", "tasks_routing", "tasks_pipeline", "tasks_alerts", "tasks_retention"):
    app.autodiscover_tasks(["ats"], related_name=module)
