"""Campaign links: following one (counted), and its QR code for posters and leaflets."""

from __future__ import annotations

from io import BytesIO

import qrcode
from qrcode.image.pil import PilImage
from qrcode.image.svg import SvgPathImage

from django.db.models import F

from campaign.models import CampaignLink


def follow_link(slug: str) -> str | None:
    """Count a visit to the link and return where it goes, or None if there is no such link."""
    link = CampaignLink.objects.select_related("page").filter(slug=slug).first()
    if link is None:
        return None
    CampaignLink.objects.filter(pk=link.pk).update(visits=F("visits") + 1)
    return link.destination()


def qr_code(url: str, *, kind: str) -> bytes:
    """The QR code of `url` as a PNG (print at 3 cm or more) or an SVG (any size), with the
    standard quiet zone and medium error correction (readable when a corner is scuffed)."""
    factory = {"png": PilImage, "svg": SvgPathImage}[kind]
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=20, border=4)
    code.add_data(url)
    code.make(fit=True)
    buffer = BytesIO()
    code.make_image(image_factory=factory).save(buffer)
    return buffer.getvalue()
