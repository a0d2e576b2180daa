"""A URLconf for tests/cms/test_request_id.py: the site's URLs plus views that fail as a bug or a
lost database would, to show what the error pages say."""

from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.urls import path

from cms.urls import handler400, handler500  # noqa: F401
from cms.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("a bug")


def database_gone(request):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("test-broken/", broken),
    path("test-database-gone/", database_gone),
    path("test-forbidden/", forbidden),
    *site_urlpatterns,
]
