"""The employers' API (/api/v1/) and the portal's API key pages (/recruit/). Included by ats/urls.py."""

from django.urls import path

from ats.api.views import keys
from ats.api.views.api import api

site_urlpatterns = [path("api/v1/", api.urls)]

# namespace "recruit", under /recruit/
recruit_urlpatterns = [
    path("organisations/<uuid:organisation>/api-keys/", keys.api_keys, name="api-keys"),
    path(
        "organisations/<uuid:organisation>/api-keys/<str:prefix>/rotate/",
        keys.api_key_rotate,
        name="api-key-rotate",
    ),
    path(
        "organisations/<uuid:organisation>/api-keys/<str:prefix>/revoke/",
        keys.api_key_revoke,
        name="api-key-revoke",
    ),
]
