"""Wagtail's redirect middleware, keeping the visitor's query string (UTM tags on short URLs)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from wagtail.contrib.redirects.middleware import RedirectMiddleware


def merge_query(location: str, query_string: str) -> str:
    if not query_string:
        return location
    parts = urlsplit(location)
    params = parse_qsl(parts.query, keep_blank_values=True)
    existing = {k for k, _ in params}
    params += [(k, v) for k, v in parse_qsl(query_string, keep_blank_values=True) if k not in existing]
    return urlunsplit(parts._replace(query=urlencode(params)))


class QueryStringRedirectMiddleware(RedirectMiddleware):
    """/homecare?utm_source=bus goes to /home-care/?utm_source=bus, not /home-care/."""

    def process_response(self, request, response):
        result = super().process_response(request, response)
        if result is not response and result.status_code in (301, 302) and "Location" in result:
            result["Location"] = merge_query(result["Location"], request.META.get("QUERY_STRING", ""))
        return result
