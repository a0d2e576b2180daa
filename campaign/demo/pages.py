"""Building demo pages: find a page by slug under its parent (or make it) and publish it as an editor would."""

from __future__ import annotations

from wagtail.fields import StreamField
from wagtail.models import Page


def child_page(parent: Page, model: type[Page], slug: str, **fields) -> Page:
    """Create or refresh a published child page of `parent`: the one way seed_demo and the test
    fixtures (tests/fixtures/campaign_site.py) build campaign pages."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    page = existing or model(slug=slug)
    for key, value in fields.items():
        setattr(page, key, value)
    if existing is None:
        parent.add_child(instance=page)
    publish_as_edited(page)
    return page


def publish_as_edited(page: Page) -> None:
    """Publish the page with its StreamFields stored as Wagtail's editor stores them: list items
    with their own ids (raw lists without them get new ids made up on every render)."""
    for field in page._meta.concrete_fields:
        if isinstance(field, StreamField):
            for _block in getattr(page, field.attname):
                pass  # converted from raw data: saved in full, as the editor saves it
    page.save_revision().publish()


def block(block_type: str, value) -> dict:
    """One StreamField block as raw data."""
    return {"type": block_type, "value": value}


def paragraph(html: str) -> dict:
    return block("paragraph", html)
