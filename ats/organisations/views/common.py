"""Shared plumbing of the recruiter portal views (every /recruit/ page, enquiries included)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseNotAllowed

from ats.organisations.permissions import can_use_portal


class MethodNotAllowed(Exception):
    pass


def portal_view(view):
    """Signed in and a member of some organisation (or a regional admin); anyone else gets a 404.

    A view that only takes POST calls `require_post(request)` after fetching its object through
    its scope; the 405 is answered here."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_use_portal(request.user):
            raise Http404("Not found")
        try:
            return view(request, *args, **kwargs)
        except MethodNotAllowed:
            return HttpResponseNotAllowed(["POST"])

    return wrapper


def require_post(request) -> None:
    """Call after the object is fetched through its scope, so that another organisation's id is a
    404 whatever the method (not a 405 that would answer before the scope is checked)."""
    if request.method != "POST":
        raise MethodNotAllowed
