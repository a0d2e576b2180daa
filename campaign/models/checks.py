"""The plain-English check's settings, edited by the marketing team in Settings > Plain English."""

from __future__ import annotations

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

DEFAULT_JARGON = """\
domiciliary care = home care
service user = the person you support
utilise = use
facilitate = help
commence = start
remuneration = pay
in order to = to
prior to = before
competency = skill
person-centred = (say what it means: care that fits each person)
"""


@register_setting(icon="help")
class PlainEnglishSettings(BaseSiteSetting):
    """What the plain-English check warns about when a page is saved (campaign.plain_english)."""

    jargon = models.TextField(
        blank=True,
        default=DEFAULT_JARGON,
        help_text="One word or phrase a line, optionally followed by = and a plainer way to say it.",
    )
    longest_sentence = models.PositiveSmallIntegerField(
        default=25, help_text="Warn about sentences with more words than this."
    )
    highest_reading_age = models.PositiveSmallIntegerField(
        default=12, help_text="Warn when the page's text needs a higher reading age than this (years)."
    )

    panels = [FieldPanel("jargon"), FieldPanel("longest_sentence"), FieldPanel("highest_reading_age")]

    class Meta:
        verbose_name = "plain English"

    def jargon_list(self) -> dict[str, str]:
        """{"utilise": "use", ...} from the lines of `jargon`."""
        words = {}
        for line in self.jargon.splitlines():
            word, _, plainer = line.partition("=")
            if word.strip():
                words[word.strip().lower()] = plainer.strip()
        return words
