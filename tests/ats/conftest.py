"""Reference data (the shipped extract, or REFERENCE_DATA_DIR) for the job search tests, cut down to a few districts."""

import io

import pytest

from django.core.cache import cache
from django.core.management import call_command

from tests.reference_files import copy_reference_data

KEEP_POSTCODES = ("NE1 ", "NE4 ", "SR1 ", "TS1 ", "DH1 ", "NE61 ")


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Run tasks in-process here, also in the real-services run; `integration` tests use the worker."""
    if "integration" in request.keywords:
        yield
        return
    from cms.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def reference_data(db, tmp_path_factory):
    """Councils, every GB district, a few thousand real NE postcodes and the AfC pay table."""
    folder = copy_reference_data(
        tmp_path_factory.mktemp("refdata"),
        ["councils", "ne_districts", "gb_districts", "afc", "afc_unsocial"],
        postcodes=lambda postcode: postcode.startswith(KEEP_POSTCODES),
    )
    call_command("load_reference_data", dir=str(folder), stdout=io.StringIO())
    return folder
