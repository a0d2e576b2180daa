"""/go/<slug>/: a campaign link, counted and sent on with its UTM parameters; and its QR codes for
the admin (campaign/wagtail_hooks.py)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.cache import never_cache

from campaign.models import CampaignLink
from campaign.services.links import follow_link, qr_code

CONTENT_TYPES = {"png": "image/png", "svg": "image/svg+xml"}


@never_cache
def go(request, slug: str):
    destination = follow_link(slug)
    if destination is None:
        raise Http404("No campaign link with that name")
    return redirect(destination)  # 302: a link may be pointed elsewhere later


def qr_download(request, pk: int, kind: str):
    link = get_object_or_404(CampaignLink, pk=pk)
    response = HttpResponse(qr_code(link.short_url, kind=kind), content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="qr-{link.slug}.{kind}"'
    return response
