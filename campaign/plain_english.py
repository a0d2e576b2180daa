"""The plain-English check: the reading age of a page's text, its long sentences and jargon from the
team's list (Settings > Plain English). It warns when a page is saved; it never stops a save.

Reading age is the Flesch-Kincaid grade plus 5 years, with syllables counted by vowel groups: a
rough guide, as every readability formula is, and enough to say "this is hard going". A library
(textstat) would count syllables better from a dictionary; this check needs only the estimate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import strip_tags

from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def syllables(word: str) -> int:
    word = word.lower().removesuffix("'s")
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups) - (1 if word.endswith("e") and len(groups) > 1 and not word.endswith("le") else 0)
    return max(count, 1)


@dataclass(frozen=True)
class PlainEnglishReport:
    reading_age: int | None
    long_sentences: list[str]
    jargon: list[tuple[str, str]]  # (word, plainer way)

    def warnings(self, *, highest_reading_age: int) -> list[str]:
        found = []
        if self.reading_age and self.reading_age > highest_reading_age:
            found.append(
                f"Reading age about {self.reading_age}: aim for {highest_reading_age} or under "
                "(shorter sentences, shorter words)."
            )
        for sentence in self.long_sentences[:3]:
            found.append(f"Long sentence ({len(WORD.findall(sentence))} words): “{sentence[:80]}…”")
        for word, plainer in self.jargon:
            found.append(f"“{word}”: try “{plainer}”." if plainer else f"“{word}” is on the jargon list.")
        return found


def check_text(text: str, *, jargon: dict[str, str], longest_sentence: int = 25) -> PlainEnglishReport:
    sentences = [s.strip() for s in SENTENCE_END.split(text) if WORD.search(s or "")]
    words = WORD.findall(text)
    reading_age = None
    if len(words) >= 30:  # too little text says nothing
        grade = 0.39 * len(words) / len(sentences) + 11.8 * sum(map(syllables, words)) / len(words) - 15.59
        reading_age = max(round(grade + 5), 5)
    lowered = f" {' '.join(words).lower()} "
    return PlainEnglishReport(
        reading_age=reading_age,
        long_sentences=[s for s in sentences if len(WORD.findall(s)) > longest_sentence],
        jargon=[(word, plainer) for word, plainer in jargon.items() if f" {word} " in lowered],
    )


def html_text(html: str) -> str:
    """Text of HTML with each paragraph, item and heading on its own line (a sentence ends there)."""
    return strip_tags(re.sub(r"</(p|li|h[1-6]|blockquote)>|<br\s*/?>", "\n", str(html)))


def page_text(page) -> str:
    """The words of a page a visitor reads: its searchable text fields, rich text and blocks."""
    parts = []
    for search_field in page.get_search_fields():
        if not isinstance(search_field, index.SearchField):
            continue
        value = getattr(page, search_field.field_name, None)
        if value is None or callable(value):
            continue
        field = type(page)._meta.get_field(search_field.field_name)
        if isinstance(field, StreamField):
            parts += [html_text(item) for item in field.get_searchable_content(value)]
        elif isinstance(field, RichTextField):
            parts.append(html_text(value))
        else:
            parts.append(str(value))
    return "\n".join(part for part in parts if part)
