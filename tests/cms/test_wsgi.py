"""The web worker's start-up (cms/wsgi.py)."""

import json
import os
import subprocess  # nosec B404: runs this interpreter on a fixed script
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORKER = """
import gc, json
before = gc.get_freeze_count()
import cms.wsgi
print(json.dumps({"before": before, "after": gc.get_freeze_count(), "app": callable(cms.wsgi.application)}))
"""


def test_a_web_worker_freezes_what_start_up_made_so_full_collections_skip_it():
    # In a fresh interpreter, as a gunicorn worker imports the module (not in this test process,
    # which has set Django up already and must keep collecting as before).
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev"}
    done = subprocess.run(  # nosec B603: fixed arguments
        [sys.executable, "-c", WORKER], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    started = json.loads(done.stdout.strip().splitlines()[-1])

    assert started["before"] == 0
    assert started["after"] > 10_000  # Django's, Wagtail's and the project's objects
    assert started["app"] is True
