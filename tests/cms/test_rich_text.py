"""Rich text from the editor is cleaned: scripts, event handlers and javascript: links never reach a page."""

from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.rich_text import RichText

from campaign.blocks import CampaignStreamBlock

DIRTY = (
    '<p>Hello <script>alert(1)</script><b onclick="steal()">bold</b> '
    '<a href="javascript:alert(2)">link</a> <img src="x" onerror="alert(3)"/></p>'
)


def test_html_through_the_rich_text_editor_is_sanitised():
    block = CampaignStreamBlock.base_blocks["paragraph"]
    converter = ContentstateConverter(features=block.features)

    stored = converter.to_database_format(converter.from_database_format(DIRTY))
    html = str(RichText(stored))

    assert "Hello" in html and "bold" in html
    for bad in ("<script", "onclick", "javascript:", "onerror", "alert(2)", "alert(3)", "<img"):
        assert bad not in html
