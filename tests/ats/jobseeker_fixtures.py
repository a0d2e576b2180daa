"""Fixtures for the jobseeker tests (issue 5). Imported by the modules that use them."""

from __future__ import annotations

import pytest

from django.core.cache import cache


@pytest.fixture
def site(transactional_db):
    """A default Wagtail site, for tests that need real commits (emails are sent after commit):
    a transactional test starts from an empty database, without the root page migrations made."""
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page, Site

    from campaign.models import HomePage

    Locale.objects.get_or_create(language_code=get_supported_content_language_variant("en-gb"))
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=HomePage(title="Work in care", slug="work-in-care", hero_heading="Care"))
    Site.objects.update_or_create(
        hostname="localhost", port=80, defaults={"root_page": home, "is_default_site": True}
    )
    Site.objects.exclude(root_page=home).delete()
    cache.clear()  # rate-limit counters
    return home


@pytest.fixture
def places(db):
    """Reference data for the postcodes the tests type: NE1 4ST (Newcastle) and the NE1 district."""
    from ats.models import Postcode, PostcodeDistrict
    from tests.factories import LocalAuthorityFactory

    council = LocalAuthorityFactory(ons_code="E08000021", name="Newcastle upon Tyne")
    PostcodeDistrict.objects.create(
        outcode="NE1", latitude=54.97, longitude=-1.61, local_authority=council, la_code=council.ons_code
    )
    Postcode.objects.create(postcode="NE1 4ST", latitude=54.9724, longitude=-1.6115, la_code=council.ons_code)
    return council


# Real files, as small as their formats allow.
def make_pdf(text: str = "Jo Seeker CV") -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        + f"% {text}\n".encode()
        + b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def make_docx(extra: dict[str, bytes] | None = None) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document><w:body><w:p>My CV</w:p></w:body></w:document>")
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def make_odt() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()
