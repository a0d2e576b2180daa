"""Content checks (issue 29): Wagtail's accessibility checker with the project's rules, and a
plain-English warning (reading age, long sentences, the team's jargon list) when a page is saved."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.contrib.messages import get_messages

from wagtail.hooks import get_hooks
from wagtail.rich_text import RichText

from campaign.models import PlainEnglishSettings
from campaign.plain_english import check_text
from campaign.wagtail_hooks import CampaignContentChecker
from tests.factories import UserFactory, with_totp

HARD = (
    "Domiciliary care facilitates the maintenance of independence for individuals experiencing "
    "functional limitations, and organisations commissioning such provision increasingly prioritise "
    "personalised, outcome-focused interventions delivered by appropriately credentialled practitioners "
    "operating within multidisciplinary safeguarding frameworks across geographically dispersed localities."
)
PLAIN = (
    "You help people stay in their own homes. You make a cup of tea and have a chat. You help with "
    "meals and getting dressed. We train you and pay you while you learn. Ask us about jobs near you."
)


def test_hard_text_gets_a_high_reading_age_a_long_sentence_and_jargon():
    report = check_text(HARD, jargon={"domiciliary care": "home care", "utilise": "use"})

    assert report.reading_age > 16
    assert len(report.long_sentences) == 1
    assert report.jargon == [("domiciliary care", "home care")]


def test_plain_text_passes():
    report = check_text(PLAIN, jargon={"domiciliary care": "home care"})

    assert report.reading_age <= 12 and not report.long_sentences and not report.jargon
    assert report.warnings(highest_reading_age=12) == []


def test_saving_a_hard_page_warns_in_the_editor_but_saves_it(client, site):
    editor = UserFactory(email="ed@council.example", is_staff=False)
    editor.groups.add(Group.objects.get(name="Marketing editors"))
    with_totp(editor)
    client.force_login(editor)
    settings = PlainEnglishSettings.for_site(site.home.get_site())
    settings.jargon += "\nfacilitates = helps\n"
    settings.save()
    site.landing.body.append(("paragraph", RichText(f"<p>{HARD}</p>")))
    site.landing.save_revision()

    request = client.get(f"/admin/pages/{site.landing.pk}/edit/").wsgi_request
    for hook in get_hooks("after_edit_page"):
        hook(request, site.landing)
    warnings = [str(message) for message in get_messages(request)]

    assert any("Reading age about" in text for text in warnings), warnings
    assert "Plain English: “domiciliary care”: try “home care”." in warnings
    assert "Plain English: “facilitates”: try “helps”." in warnings


def test_the_accessibility_checker_runs_the_projects_rules(client, site):
    checker = CampaignContentChecker(in_editor=True)
    rules = checker.get_axe_run_only(None)

    assert {"image-alt", "heading-order", "empty-heading", "link-name", "label"} <= set(rules)
    editor = UserFactory(email="ed@council.example", is_staff=False)
    editor.groups.add(Group.objects.get(name="Marketing editors"))
    with_totp(editor)
    client.force_login(editor)
    html = client.get(f"/admin/pages/{site.landing.pk}/edit/").content.decode()
    assert "image-alt" in html  # the editor's Checks panel runs axe with these rules
