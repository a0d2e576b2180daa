"""The error handlers. (The site search, which reads campaign pages and jobs, is campaign.views.search.)"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader


def server_error(request):
    """handler500. A database that can't be reached (or gave up on the statement) is a 503 "try
    again in a few minutes" page; anything else the 500 page. Django calls this while handling the
    exception, so `sys.exc_info()` is the error. Neither template reads the database or the cache,
    and neither claims that what the person sent was saved: it may not have been."""
    unavailable = isinstance(sys.exc_info()[1], OperationalError | InterfaceError)
    template = loader.get_template("503.html" if unavailable else "500.html")
    response = HttpResponse(
        template.render({"request_id": getattr(request, "request_id", "")}),
        status=503 if unavailable else 500,
    )
    if unavailable:
        response["Retry-After"] = "60"
    return response


def bad_request(request, exception):
    """handler400: the 400 page with the request's reference (Django's own shows none)."""
    template = loader.get_template("400.html")
    return HttpResponse(template.render({"request_id": getattr(request, "request_id", "")}), status=400)
