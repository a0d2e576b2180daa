"""Content Security Policy with a separate, looser policy for the Wagtail admin."""

from django.conf import settings
from django.middleware.csp import ContentSecurityPolicyMiddleware as DjangoCSPMiddleware
from django.middleware.csp import get_nonce
from django.utils.csp import CSP, build_policy

from cms.request_id import current_request_id, request_id_from


class ContentSecurityPolicyMiddleware(DjangoCSPMiddleware):
    """Django's, with the Wagtail admin's looser policy (settings.ADMIN_CSP) and a
    Permissions-Policy header. Django's middleware leaves a CSP header a response already has, so
    the admin's policy is written first and Django writes the site's everywhere else."""

    admin_prefixes = ("/admin/", "/django-admin/")

    def process_response(self, request, response):
        if (
            request.path.startswith(self.admin_prefixes)
            and settings.ADMIN_CSP
            and CSP.HEADER_ENFORCE not in response
        ):
            response.headers[str(CSP.HEADER_ENFORCE)] = build_policy(settings.ADMIN_CSP, get_nonce(request))
        if getattr(settings, "PERMISSIONS_POLICY", None) and "Permissions-Policy" not in response:
            response.headers["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return super().process_response(request, response)


class RequestIdMiddleware:
    """First in MIDDLEWARE. Takes the proxy's X-Request-ID if it looks safe (or makes one), and
    puts it on the request as `request.request_id`, on the response as X-Request-ID and on every log
    record written while the request is handled (cms.request_id.RequestIdLogFilter). Error pages
    show it for people to quote."""

    header = "X-Request-ID"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_from(request.headers.get(self.header))
        token = current_request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[self.header] = request.request_id
        return response
