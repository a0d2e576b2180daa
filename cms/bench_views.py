"""The benchmark ceiling: a minimal Django view returning a page of a given size.

Mounted only when BENCH_CEILING=true (bench/run.py sets it); never in a normal deployment."""

from django.http import HttpResponse

_MAX_BYTES = 2_000_000


def ceiling(request):
    try:
        size = max(0, min(int(request.GET.get("bytes", "20000")), _MAX_BYTES))
    except ValueError:
        size = 20000
    body = "<!doctype html><title>ceiling</title><p>" + "x" * size + "</p>"
    return HttpResponse(body, content_type="text/html; charset=utf-8")
