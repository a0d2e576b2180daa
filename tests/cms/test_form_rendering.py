"""Forms render through templates (components/error_summary.html, form_errors.html, form_fields.html
and Django's widget templates): a visitor who leaves out answers sees the GOV.UK error summary, each
error linked to the field it is about, and the message again by that field (issue 23.1)."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_academy_form_with_missing_answers_shows_a_linked_error_summary(client, site):
    response = client.post(site.academy.url, {"name": "", "email": "sam@example.org"})
    html = response.content.decode()

    summary = html[
        html.index('<div class="error-summary"') : html.index(
            "</div>", html.index('<div class="error-summary"')
        )
    ]
    assert '<h2 class="error-summary__title" id="error-summary-title">There is a problem</h2>' in summary
    targets = re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', summary)
    assert len(targets) >= 2 and "id_name" in dict(targets)
    for field_id, message in targets:
        # The link lands on the field itself, which says what is wrong beside it.
        assert re.search(rf'<(input|textarea)[^>]* id="{field_id}"', html), field_id
        assert (
            f'<p class="error-message" id="{field_id}-error"><span class="visually-hidden">Error:</span> {message}</p>'
            in html
        )


def test_story_filters_render_as_selects_with_the_chosen_option_kept(client, site):
    html = client.get(site.story.get_parent().url, {"role": "care-worker"}).content.decode()

    select = re.search(r'<select name="role"[^>]*>(.*?)</select>', html, re.S)
    assert select and 'class="select"' in select.group(0)
    assert '<option value="care-worker" selected>Care worker</option>' in select.group(1)
