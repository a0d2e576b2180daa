"""Shared plumbing of the recruiter portal views."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseNotAllowed

from ats.permissions import can_use_portal


def portal_view(view):
    """Signed in and a member of some organisation (or a regional admin); anyone else gets a 404."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_use_portal(request.user):
            raise Http404("Not found")
        return view(request, *args, **kwargs)

    return wrapper


def require_post(request) -> None:
    """Call after the object is fetched through its scope, so a GET of someone else's id is a 404."""
    if request.method != "POST":
        raise MethodNotAllowed


class MethodNotAllowed(Exception):
    pass


def post_only(view):
    """Like require_POST, but checked inside the view after scoping (see require_post)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except MethodNotAllowed:
            return HttpResponseNotAllowed(["POST"])

    return wrapper
