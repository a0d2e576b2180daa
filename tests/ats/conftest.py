"""Reference data from ../shared/data for the job search tests, cut down to a few districts."""

import io
import shutil

import pytest

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command

DATA = settings.REFERENCE_DATA_DIR
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
    if not (DATA / "ne_local_authorities.csv").exists():
        pytest.skip("shared/data not present")
    folder = tmp_path_factory.mktemp("refdata")
    for name in [
        "ne_local_authorities.csv",
        "ne_postcode_districts.csv",
        "gb_postcode_district_centroids.csv",
        "afc_pay_scales_england_2025_26.csv",
        "afc_unsocial_hours_enhancements.csv",
    ]:
        shutil.copy(DATA / name, folder / name)
    with (DATA / "ne_postcodes.csv").open() as src, (folder / "ne_postcodes.csv").open("w") as dst:
        for index, line in enumerate(src):
            if index == 0 or line.startswith(KEEP_POSTCODES):
                dst.write(line)
    call_command("load_reference_data", dir=str(folder), stdout=io.StringIO())
    return folder
