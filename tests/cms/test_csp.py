"""The site's CSP middleware sends the header Django's would, and the Wagtail admin's own policy."""

from django.http import HttpResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware as DjangoCSPMiddleware
from django.middleware.csp import get_nonce
from django.test import RequestFactory
from django.utils.csp import CSP

from cms.middleware import ContentSecurityPolicyMiddleware


def _headers(middleware_class, path: str, *, use_nonce: bool, preset: str = "") -> dict:
    nonces = []

    def view(request):
        response = HttpResponse("ok")
        if use_nonce:
            nonces.append(str(get_nonce(request)))
        if preset:
            response.headers[CSP.HEADER_ENFORCE] = preset
        return response

    response = middleware_class(view)(RequestFactory().get(path))
    headers = {name: response.headers.get(name) for name in (CSP.HEADER_ENFORCE, CSP.HEADER_REPORT_ONLY)}
    # The nonce is new each time: compare the policies with it taken out.
    for name, value in headers.items():
        if value and nonces:
            headers[name] = value.replace(nonces[0], "NONCE")
    return headers


def test_the_policy_is_djangos_with_and_without_a_nonce_and_for_the_admin(db, settings):
    settings.SECURE_CSP_REPORT_ONLY = {"default-src": [CSP.SELF], "script-src": [CSP.SELF, CSP.NONCE]}
    for path in ("/", "/stories/", "/admin/", "/django-admin/login/"):
        for use_nonce in (False, True, False):
            ours = _headers(ContentSecurityPolicyMiddleware, path, use_nonce=use_nonce)
            django_admin = path.startswith(("/admin/", "/django-admin/"))
            if django_admin:  # Django's own middleware knows no admin policy: compare with it set
                settings_csp, settings.SECURE_CSP = settings.SECURE_CSP, settings.ADMIN_CSP
            theirs = _headers(DjangoCSPMiddleware, path, use_nonce=use_nonce)
            if django_admin:
                settings.SECURE_CSP = settings_csp
            assert ours == theirs, (path, use_nonce)
            assert ("'nonce-NONCE'" in ours[CSP.HEADER_REPORT_ONLY]) is use_nonce
    settings.SECURE_CSP = {**settings.SECURE_CSP, "img-src": [CSP.SELF]}  # a changed setting is seen
    assert (
        "img-src 'self';"
        in _headers(ContentSecurityPolicyMiddleware, "/", use_nonce=False)[CSP.HEADER_ENFORCE]
    )


def test_a_policy_the_view_set_is_kept(db):
    headers = _headers(ContentSecurityPolicyMiddleware, "/", use_nonce=False, preset="default-src 'none'")
    assert headers[CSP.HEADER_ENFORCE] == "default-src 'none'"
