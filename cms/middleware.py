"""Content Security Policy with a separate, looser policy for the Wagtail admin."""

from django.conf import settings
from django.middleware.csp import ContentSecurityPolicyMiddleware as DjangoCSPMiddleware


class ContentSecurityPolicyMiddleware(DjangoCSPMiddleware):
    admin_prefixes = ("/admin/", "/django-admin/")

    def process_response(self, request, response):
        if request.path.startswith(self.admin_prefixes):
            response._csp_config = settings.ADMIN_CSP
        if getattr(settings, "PERMISSIONS_POLICY", None) and "Permissions-Policy" not in response:
            response.headers["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return super().process_response(request, response)
