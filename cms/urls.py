from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import consent, health

handler400 = "cms.views.bad_request"  # shows the request's reference
handler500 = "cms.views.server_error"  # 503 when the database is down (cms/views.py)

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    # One sign-in for everyone, with the second factor for staff (ADR 0013): Wagtail's own login
    # form is not used.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("", include("ats.urls")),
    path("", include("campaign.urls")),
    path("cookies/consent/", consent.set_cookie_consent, name="cookie-consent"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
]

if settings.BENCH_CEILING:
    from cms.bench_views import ceiling

    urlpatterns.append(path("__bench__/ceiling", ceiling))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
