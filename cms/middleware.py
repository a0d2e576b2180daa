"""Content Security Policy with a separate, looser policy for the Wagtail admin."""

from django.conf import settings
from django.middleware.csp import ContentSecurityPolicyMiddleware as DjangoCSPMiddleware
from django.middleware.csp import get_nonce
from django.utils.csp import CSP, build_policy

from cms.request_id import current_request_id, request_id_from

# {id(config): (config, its policy without a nonce)}: the header most responses send.
_POLICIES: dict[int, tuple[dict, str]] = {}


def _policy(config: dict, nonce) -> str:
    """`build_policy(config, nonce)`. A response whose nonce was never asked for (every page
    without an inline script) gets the policy without one, which depends on the config alone, so
    it is built once per config rather than once per response. A used nonce is new every request:
    that policy is built every time."""
    if nonce:
        return build_policy(config, nonce)
    found = _POLICIES.get(id(config))
    if found is None or found[0] is not config:
        found = _POLICIES[id(config)] = (config, build_policy(config))
    return found[1]


class ContentSecurityPolicyMiddleware(DjangoCSPMiddleware):
    admin_prefixes = ("/admin/", "/django-admin/")

    def process_response(self, request, response):
        """Django's, with the policy built by `_policy`."""
        if request.path.startswith(self.admin_prefixes):
            response._csp_config = settings.ADMIN_CSP
        if getattr(settings, "PERMISSIONS_POLICY", None) and "Permissions-Policy" not in response:
            response.headers["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        nonce = get_nonce(request)
        sentinel = object()
        if (csp_config := getattr(response, "_csp_config", sentinel)) is sentinel:
            csp_config = settings.SECURE_CSP
        if (csp_ro_config := getattr(response, "_csp_ro_config", sentinel)) is sentinel:
            csp_ro_config = settings.SECURE_CSP_REPORT_ONLY
        for header, config in ((CSP.HEADER_ENFORCE, csp_config), (CSP.HEADER_REPORT_ONLY, csp_ro_config)):
            # As Django: headers a view set stay; an empty config sends none.
            if config and header not in response:
                response.headers[str(header)] = _policy(config, nonce)
        return response


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
