"""The address of the visitor behind the site's own proxies: the one key of every rate limit.

Behind a load balancer every request arrives from the proxy's address (REMOTE_ADDR), so limits
keyed on it give every visitor one shared budget. Each proxy appends the address it received the
request from to X-Forwarded-For; entries further left were written by whoever sent the request
and can say anything. With TRUSTED_PROXY_COUNT = N proxies of our own in front of the app, the
visitor is the Nth entry from the right. 0 (the default) trusts no header: REMOTE_ADDR.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address as our trusted proxies saw it; REMOTE_ADDR when no proxy is trusted
    or the header does not carry as many entries as there are proxies (the request did not come
    through them)."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = [entry.strip() for entry in request.headers.get("X-Forwarded-For", "").split(",")]
    forwarded = [entry for entry in forwarded if entry]
    if len(forwarded) < hops:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-hops]))
    except ValueError:  # not an address: written by something other than our proxy
        return remote
