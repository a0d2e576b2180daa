"""Rich text is made safe when rendered, even if it reached the database without the editor."""

import json
from pathlib import Path

from django.conf import settings

from campaign.models import AcademyPage, ContentPage, FAQPage

PAYLOAD = (
    '<p>Free training<script>alert("owned")</script></p>'
    '<p><img src="x" onerror="alert(1)"><a href="javascript:alert(2)" onclick="alert(3)">Apply</a></p>'
    '<p><a href="/jobs/">Search jobs</a> <a href="https://example.org/x">Partner</a></p>'
    '<iframe src="https://evil.example"></iframe><style>body{display:none}</style>'
)


def assert_defused(page_html: str) -> None:
    html = page_html[page_html.index("<main") : page_html.index("</main>")]  # the page's own content
    lowered = html.lower()
    assert "<script" not in lowered and 'alert("owned")' not in lowered
    assert "onerror" not in lowered and "onclick" not in lowered
    assert "javascript:" not in lowered
    assert "<iframe" not in lowered and "<style" not in lowered
    assert "Free training" in html  # the text itself survives
    assert '<a href="/jobs/">Search jobs</a>' in html and 'href="https://example.org/x"' in html


def test_script_written_straight_into_a_rich_text_field_is_not_rendered(client, site):
    AcademyPage.objects.filter(pk=site.academy.pk).update(programme=PAYLOAD)
    site.academy.refresh_from_db()
    site.academy.save_revision().publish()  # the live revision carries the payload too

    assert_defused(client.get(site.academy.url).content.decode())


def test_script_written_straight_into_a_stream_field_paragraph_is_not_rendered(client, site):
    body = json.dumps([{"type": "paragraph", "value": PAYLOAD, "id": "p1"}])
    ContentPage.objects.filter(pk=site.content.pk).update(body=body)

    assert_defused(client.get(site.content.url).content.decode())


def test_script_in_an_faq_answer_is_not_rendered(client, site):
    sections = [
        {
            "type": "section",
            "id": "s1",
            "value": {
                "heading": "Starting",
                "items": [{"question": "Do I need training?", "answer": PAYLOAD}],
            },
        }
    ]
    FAQPage.objects.filter(pk=site.faq.pk).update(sections=json.dumps(sections))

    assert_defused(client.get(site.faq.url).content.decode())


def test_every_template_renders_rich_text_through_the_sanitiser():
    """A new template using Wagtail's bare |richtext would skip the sanitiser."""
    templates = Path(settings.BASE_DIR, "templates")
    bare = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if "|richtext" in path.read_text(encoding="utf-8")
    ]
    assert bare == []
